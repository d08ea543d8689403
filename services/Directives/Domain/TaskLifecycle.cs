namespace NgheAn.Directives.Domain;

/// <summary>A task's stored status. Overdue is not stored: it is computed from the schedule and today.</summary>
public enum WorkStatus
{
    Assigned = 1,
    InProgress = 2,
    Done = 3,
}

public static class TaskLifecycle
{
    /// <summary>The status after a progress report: the first one starts the work.</summary>
    public static ParseResult<WorkStatus> AfterProgressReport(WorkStatus current) => current == WorkStatus.Done
        ? ParseResult<WorkStatus>.Fail("status", "the task is done; progress can no longer be reported.")
        : ParseResult<WorkStatus>.Ok(WorkStatus.InProgress);

    public static ParseResult<WorkStatus> Complete(WorkStatus current) => current == WorkStatus.Done
        ? ParseResult<WorkStatus>.Fail("status", "the task is already done.")
        : ParseResult<WorkStatus>.Ok(WorkStatus.Done);
}
