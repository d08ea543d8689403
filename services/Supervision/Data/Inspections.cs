using NgheAn.Contracts.Events;
using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Data;

/// <summary>A unit's programme of inspection or supervision for a year.</summary>
public sealed class InspectionProgramme
{
    public Guid Id { get; set; }

    public required string UnitId { get; set; }

    public int Year { get; set; }

    public required string Title { get; set; }

    public InspectionKind Kind { get; set; }
}

/// <summary>One inspection or supervision case against a person or a unit.</summary>
public sealed class Inspection
{
    public Guid Id { get; set; }

    /// <summary>The inspecting unit.</summary>
    public required string UnitId { get; set; }

    public Guid? ProgrammeId { get; set; }

    public InspectionKind Kind { get; set; }

    public Guid? TargetPersonId { get; set; }

    public string? TargetUnitId { get; set; }

    public required string Title { get; set; }

    public DateOnly OpenedOn { get; set; }

    public InspectionStage Stage { get; set; }

    public DateOnly? ConductStartedOn { get; set; }

    public DateOnly? ConcludedOn { get; set; }

    [PersonalData]
    public string? Findings { get; set; }

    [PersonalData]
    public bool ViolationFound { get; set; }

    public List<string> Recommendations { get; set; } = [];
}
