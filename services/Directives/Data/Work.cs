using NgheAn.Directives.Domain;
using NgheAn.Messaging.Audit;

namespace NgheAn.Directives.Data;

/// <summary>A link from one document (the later, lower one) to another.</summary>
public sealed class DocumentLinkRow
{
    public Guid Id { get; set; }

    public Guid FromId { get; set; }

    public Guid ToId { get; set; }

    public LinkKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A task (nhiệm vụ) from a document.</summary>
public sealed class DirectiveTask : IBelongsToUnit
{
    string? IBelongsToUnit.OwningUnitId => LeadUnitId;

    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    public required string Title { get; set; }

    /// <summary>Lead unit (chủ trì): its subtree sees and edits the task.</summary>
    public required string LeadUnitId { get; set; }

    public List<string> CoordinatingUnitIds { get; set; } = [];

    public string? ResponsiblePerson { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? DueDate { get; set; }

    public RecurrenceFrequency Recurrence { get; set; }

    public DateOnly? EndDate { get; set; }

    public int DueWorkingDaysAfterPeriod { get; set; }

    public WorkStatus Status { get; set; } = WorkStatus.Assigned;

    /// <summary>Keys of the occurrences with a progress report (e.g. "2026-03"): they are not overdue.</summary>
    public List<string> ReportedOccurrences { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public TaskSchedule Schedule => new(Recurrence, StartDate, DueDate, EndDate, DueWorkingDaysAfterPeriod);
}

/// <summary>A progress report (báo cáo tiến độ) with evidence by reference.</summary>
public sealed class ProgressReportRow
{
    public Guid Id { get; set; }

    public Guid TaskId { get; set; }

    public required string Occurrence { get; set; }

    public required string Summary { get; set; }

    public List<string> EvidenceRefs { get; set; } = [];

    public int PercentComplete { get; set; }

    public string? ReportedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One row per overdue task occurrence: TaskOverdue is published once, whatever the replicas and restarts.</summary>
public sealed class TaskOverdueNotice
{
    public Guid TaskId { get; set; }

    public required string Occurrence { get; set; }

    public DateOnly DueDate { get; set; }

    public DateTimeOffset DetectedAt { get; set; }
}

/// <summary>Copy of Emulation's commended models, for reviews.</summary>
public sealed class CommendedModel
{
    public Guid ModelId { get; set; }

    public required string Name { get; set; }

    public required string Level { get; set; }

    public Guid? DocumentId { get; set; }

    public string? DocumentSymbol { get; set; }

    public string? UnitId { get; set; }

    public DateOnly CommendedOn { get; set; }
}

/// <summary>Copy of Supervision's petition outcomes, for reviews.</summary>
public sealed class PetitionRecord
{
    public Guid PetitionId { get; set; }

    public required string Kind { get; set; }

    public string? UnitId { get; set; }

    public Guid? DocumentId { get; set; }

    public DateOnly? ResolvedOn { get; set; }

    public DateOnly? OverdueOn { get; set; }
}

/// <summary>A published review; its figures are kept as they were published (proto JSON).</summary>
public sealed class ReviewRow
{
    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    public required string UnitId { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
