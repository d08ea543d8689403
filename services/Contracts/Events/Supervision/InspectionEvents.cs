namespace NgheAn.Contracts.Events.Supervision;

/// <summary>
/// An inspection or supervision case (kiểm tra, giám sát) was opened against a person or a unit.
/// Emulation holds awards for its target until it is concluded. UnitId is the inspecting unit.
/// </summary>
public sealed record InspectionOpened : IntegrationEvent
{
    public required Guid InspectionId { get; init; }

    /// <summary>regular, thematic or signs-of-violation.</summary>
    public required string Kind { get; init; }

    /// <summary>The person inspected (CadreWork id), when the target is a person.</summary>
    public Guid? TargetPersonId { get; init; }

    /// <summary>The unit inspected, when the target is an organisation.</summary>
    public string? TargetUnitId { get; init; }

    public required DateOnly OpenedOn { get; init; }

    public override string Subject => $"inspections/{InspectionId}";
}

/// <summary>An inspection or supervision case was concluded. UnitId is the inspecting unit.</summary>
public sealed record InspectionConcluded : IntegrationEvent
{
    public required Guid InspectionId { get; init; }

    public Guid? TargetPersonId { get; init; }

    public string? TargetUnitId { get; init; }

    public required DateOnly ConcludedOn { get; init; }

    /// <summary>The conclusion found a violation (discipline may follow as its own event); about a person when the target is one.</summary>
    [PersonalData]
    public required bool ViolationFound { get; init; }

    public override string Subject => $"inspections/{InspectionId}";
}
