namespace NgheAn.ServiceDefaults.Rules;

/// <summary>
/// One version of a rule that comes from a regulation: its legal basis and the period it is in
/// force. Decisions store <see cref="Id"/>, so a later reader knows which version produced them.
/// </summary>
public sealed record RuleVersion(string Id, string LegalBasis, DateOnly EffectiveFrom, DateOnly? EffectiveTo)
{
    public bool InForceOn(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is null || date <= EffectiveTo);

    public override string ToString() => $"{LegalBasis} (from {EffectiveFrom:yyyy-MM-dd})";
}

/// <summary>The versions of one rule over time, each with its values; picks the one in force on a date.</summary>
public sealed class RuleBook<T>(string name, IReadOnlyList<(RuleVersion Version, T Values)> versions)
{
    public string Name { get; } = name;

    public IReadOnlyList<(RuleVersion Version, T Values)> Versions { get; } = versions;

    public (RuleVersion Version, T Values) InForceOn(DateOnly date)
    {
        foreach (var entry in Versions)
        {
            if (entry.Version.InForceOn(date))
            {
                return entry;
            }
        }

        throw new RuleNotInForceException(Name, date);
    }
}

/// <summary>No version of a rule covers the date (e.g. before the platform's first known regulation).</summary>
public sealed class RuleNotInForceException(string rule, DateOnly date)
    : Exception($"No version of the rule '{rule}' is known for {date:yyyy-MM-dd}.")
{
    public string Rule { get; } = rule;

    public DateOnly Date { get; } = date;
}
