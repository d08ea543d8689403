namespace NgheAn.Supervision.Data;

/// <summary>A task from a directive, as Directives' TaskAssigned told it; the recurring ones are tracked for compliance.</summary>
public sealed class TrackedTask
{
    /// <summary>The <see cref="Recurrence"/> of a one-off task, as Directives publishes it.</summary>
    public const string OneOff = "none";

    public Guid TaskId { get; set; }

    public Guid DocumentId { get; set; }

    public required string DocumentSymbol { get; set; }

    public required string Title { get; set; }

    /// <summary>The lead unit.</summary>
    public required string UnitId { get; set; }

    /// <summary>none, monthly, quarterly or yearly.</summary>
    public required string Recurrence { get; set; }

    public string? ResponsiblePerson { get; set; }
}

/// <summary>An occurrence of a task that passed its due date unreported (Directives' TaskOverdue).</summary>
public sealed class MissedOccurrence
{
    public Guid TaskId { get; set; }

    /// <summary>"2026-03", "2026-Q1", "2026" or "once".</summary>
    public required string Occurrence { get; set; }

    public DateOnly DueDate { get; set; }

    /// <summary>The day (Vietnam time) a late report for the occurrence came, if one did.</summary>
    public DateOnly? ReportedLateOn { get; set; }
}
