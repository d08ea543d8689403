namespace NgheAn.Contracts.Events.Directives;

/// <summary>A task from a document was assigned to a lead unit (UnitId). Supervision tracks recurring ones.</summary>
public sealed record TaskAssigned : IntegrationEvent
{
    public required Guid TaskId { get; init; }

    public required Guid DocumentId { get; init; }

    public required string DocumentSymbol { get; init; }

    public required string Title { get; init; }

    public IReadOnlyList<string> CoordinatingUnitIds { get; init; } = [];

    /// <summary>The responsible person's name and post as written on the task: Supervision's task copies show it.</summary>
    [PersonalData]
    public string? ResponsiblePerson { get; init; }

    /// <summary>Due date of a one-off task.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>none, monthly, quarterly or yearly.</summary>
    public required string Recurrence { get; init; }

    public override string Subject => $"tasks/{TaskId}";
}

/// <summary>Progress was reported on one occurrence of a task.</summary>
public sealed record TaskProgressReported : IntegrationEvent
{
    public required Guid TaskId { get; init; }

    public required Guid ReportId { get; init; }

    /// <summary>e.g. "2026-03", "2026-Q1", "2026" or "once".</summary>
    public required string Occurrence { get; init; }

    public int PercentComplete { get; init; }

    public IReadOnlyList<string> EvidenceRefs { get; init; } = [];

    public override string Subject => $"tasks/{TaskId}";
}

/// <summary>A task was marked done.</summary>
public sealed record TaskCompleted : IntegrationEvent
{
    public required Guid TaskId { get; init; }

    public required Guid DocumentId { get; init; }

    public override string Subject => $"tasks/{TaskId}";
}

/// <summary>An occurrence of a task passed its due date without a report; published once per occurrence.</summary>
public sealed record TaskOverdue : IntegrationEvent
{
    public required Guid TaskId { get; init; }

    public required Guid DocumentId { get; init; }

    public required string Occurrence { get; init; }

    public required DateOnly DueDate { get; init; }

    public override string Subject => $"tasks/{TaskId}";
}
