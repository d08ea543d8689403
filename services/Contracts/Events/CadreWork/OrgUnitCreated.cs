namespace NgheAn.Contracts.Events.CadreWork;

/// <summary>
/// An organisation unit was added to the tree. Every service keeps a copy of the tree from these
/// events and checks access against it.
/// </summary>
public sealed record OrgUnitCreated : IntegrationEvent
{
    public required string OrgUnitId { get; init; }

    public required string Name { get; init; }

    /// <summary>Central, Province, District, Commune, Grassroots or Cell.</summary>
    public required string Level { get; init; }

    public string? ParentId { get; init; }

    /// <summary>Ids from the root down to the unit, joined by '/'.</summary>
    public required string Path { get; init; }

    public required DateOnly ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public IReadOnlyList<string> PredecessorIds { get; init; } = [];

    public override string Subject => $"org-units/{OrgUnitId}";
}
