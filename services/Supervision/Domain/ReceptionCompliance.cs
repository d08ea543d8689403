using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.Supervision.Domain;

/// <summary>Which committee's head receives citizens: the province's or a commune's.</summary>
public enum HeadLevel
{
    Province = 1,
    Commune = 2,
}

/// <summary>One head's month: days of citizen reception required and held.</summary>
public sealed record ReceptionMonth(string HeadId, HeadLevel Level, int Year, int Month, int Required, int Held, RuleVersion Rule)
{
    public bool Compliant => Held >= Required;

    public int Missed => Math.Max(0, Required - Held);
}

/// <summary>One Standing Committee member's quarter at the cells assigned to them.</summary>
public sealed record CellAttendanceQuarter(string MemberId, int Year, int Quarter, IReadOnlyList<string> MissedCells)
{
    public bool Compliant => MissedCells.Count == 0;
}

/// <summary>
/// Compliance with the duty to receive citizens (a province head at least 1 day a month, a commune
/// head at least 2) and with Standing Committee members' quarterly attendance at their cells.
/// </summary>
public static class ReceptionCompliance
{
    public static readonly RuleBook<IReadOnlyDictionary<HeadLevel, int>> DaysPerMonth = new("citizen reception days",
    [
        (PetitionClocks.AcceptanceRule, new Dictionary<HeadLevel, int> { [HeadLevel.Province] = 1, [HeadLevel.Commune] = 2 }),
    ]);

    /// <summary>The month's record from the distinct days sessions were held (several sessions on one day count once).</summary>
    public static ReceptionMonth Month(string headId, HeadLevel level, int year, int month, IEnumerable<DateOnly> sessionDays)
    {
        var first = new DateOnly(year, month, 1);
        var (rule, required) = DaysPerMonth.InForceOn(first);
        var held = sessionDays.Where(d => d.Year == year && d.Month == month).Distinct().Count();
        return new ReceptionMonth(headId, level, year, month, required[level], held, rule);
    }

    /// <summary>The assigned cells whose meeting the member did not attend in the quarter.</summary>
    public static CellAttendanceQuarter Quarter(string memberId, int year, int quarter, IEnumerable<string> assignedCells, IEnumerable<(string CellId, DateOnly Date)> attended)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var inQuarter = attended.Where(a => a.Date.Year == year && (a.Date.Month - 1) / 3 + 1 == quarter).Select(a => a.CellId).ToHashSet(StringComparer.Ordinal);
        return new CellAttendanceQuarter(memberId, year, quarter, assignedCells.Where(c => !inQuarter.Contains(c)).Distinct().ToList());
    }
}
