namespace NgheAn.Contracts.Events.CadreWork;

/// <summary>
/// A unit got a new name from a date; it keeps its id, place in the tree and records. Every
/// service's copy of the tree takes the new name.
/// </summary>
public sealed record OrgUnitRenamed : IntegrationEvent
{
    public required string OrgUnitId { get; init; }

    public required string Name { get; init; }

    public required string PreviousName { get; init; }

    /// <summary>First day of the new name; the old one was valid until the day before.</summary>
    public required DateOnly EffectiveDate { get; init; }

    public override string Subject => $"org-units/{OrgUnitId}";
}

/// <summary>
/// Units were merged into a successor (new, told before by OrgUnitCreated on the same subject, or
/// an existing one that continues). The merged units end on <see cref="ClosedOn"/>, the day before
/// the effective date; their open sub-units now hang under the successor (<see cref="MovedUnits"/>).
/// </summary>
public sealed record OrgUnitsMerged : IntegrationEvent
{
    public required string SuccessorId { get; init; }

    public required IReadOnlyList<string> MergedUnitIds { get; init; }

    /// <summary>Whether the successor was created by the merge (else it existed and continues).</summary>
    public required bool SuccessorCreated { get; init; }

    /// <summary>The successor's predecessors after the merge (all of them, not only these).</summary>
    public required IReadOnlyList<string> SuccessorPredecessorIds { get; init; }

    public required DateOnly EffectiveDate { get; init; }

    public required DateOnly ClosedOn { get; init; }

    /// <summary>Every unit whose parent or path changed, with its new parent and path.</summary>
    public IReadOnlyList<MovedOrgUnit> MovedUnits { get; init; } = [];

    /// <summary>How many people moved to the successor (each also told by PersonMoved).</summary>
    public int PeopleMoved { get; init; }

    public override string Subject => $"org-units/{SuccessorId}";
}

/// <summary>
/// A unit was split into new successors (each told by OrgUnitCreated, with this unit among its
/// predecessors). The unit ends on <see cref="ClosedOn"/>; its open sub-units now hang under the
/// default successor (<see cref="MovedUnits"/>).
/// </summary>
public sealed record OrgUnitSplit : IntegrationEvent
{
    public required string OrgUnitId { get; init; }

    public required IReadOnlyList<string> SuccessorIds { get; init; }

    /// <summary>The successor that took the people, records and sub-units not assigned elsewhere.</summary>
    public required string DefaultSuccessorId { get; init; }

    public required DateOnly EffectiveDate { get; init; }

    public required DateOnly ClosedOn { get; init; }

    public IReadOnlyList<MovedOrgUnit> MovedUnits { get; init; } = [];

    public int PeopleMoved { get; init; }

    public override string Subject => $"org-units/{OrgUnitId}";
}

/// <summary>A unit that now hangs elsewhere in the tree after a merge or split.</summary>
public sealed record MovedOrgUnit
{
    public required string OrgUnitId { get; init; }

    public required string ParentId { get; init; }

    public required string Path { get; init; }
}
