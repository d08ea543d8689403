namespace NgheAn.Messaging.OrgUnits;

/// <summary>
/// An organisation unit as every service stores it. CadreWork owns the tree and writes these rows;
/// the other services keep the same rows as a copy fed by OrgUnitCreated events.
/// </summary>
public sealed class OrgUnit
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Central, Province, District, Commune, Grassroots or Cell.</summary>
    public required string Level { get; set; }

    public string? ParentId { get; set; }

    /// <summary>Ids from the root down to this unit, joined by '/': subtree checks are prefix checks.</summary>
    public required string Path { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public List<string> PredecessorIds { get; set; } = [];

    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date <= ValidTo);
}
