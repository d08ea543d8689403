using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Inbox;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.Supervision.Data;

namespace NgheAn.Supervision.Consumers;

/// <summary>
/// Directives' tasks, kept so the monthly compliance report can list the recurring ones (a head's
/// monthly citizen reception, members' quarterly cell meetings) whose occurrence went unreported.
/// </summary>
public sealed class TaskAssignedConsumer(SupervisionDbContext db) : InboxConsumer<TaskAssigned, SupervisionDbContext>(db)
{
    protected override async Task Handle(TaskAssigned message, CancellationToken cancellationToken)
    {
        if (await Db.TrackedTasks.FindAsync([message.TaskId], cancellationToken) is not null)
        {
            return; // told again under another message id
        }

        Db.TrackedTasks.Add(new TrackedTask
        {
            TaskId = message.TaskId, DocumentId = message.DocumentId, DocumentSymbol = message.DocumentSymbol, Title = message.Title,
            UnitId = message.UnitId ?? "", Recurrence = message.Recurrence, ResponsiblePerson = message.ResponsiblePerson,
        });
    }
}

public sealed class TaskOverdueConsumer(SupervisionDbContext db) : InboxConsumer<TaskOverdue, SupervisionDbContext>(db)
{
    protected override async Task Handle(TaskOverdue message, CancellationToken cancellationToken)
    {
        var task = await Db.TrackedTasks.FindAsync([message.TaskId], cancellationToken)
            ?? throw ArrivedBefore($"TaskOverdue {message.TaskId} {message.Occurrence}", nameof(TaskAssigned));

        // Only recurring tasks are tracked for compliance.
        if (task.Recurrence != TrackedTask.OneOff && await Db.MissedOccurrences.FindAsync([message.TaskId, message.Occurrence], cancellationToken) is null)
        {
            Db.MissedOccurrences.Add(new MissedOccurrence { TaskId = message.TaskId, Occurrence = message.Occurrence, DueDate = message.DueDate });
        }
    }
}

/// <summary>A report for a missed occurrence marks it reported late; reports of other occurrences change nothing here.</summary>
public sealed class TaskProgressReportedConsumer(SupervisionDbContext db) : InboxConsumer<TaskProgressReported, SupervisionDbContext>(db)
{
    protected override async Task Handle(TaskProgressReported message, CancellationToken cancellationToken)
    {
        if (await Db.MissedOccurrences.FindAsync([message.TaskId, message.Occurrence], cancellationToken) is { ReportedLateOn: null } missed)
        {
            missed.ReportedLateOn = DateOnly.FromDateTime(message.OccurredAt.ToOffset(VietnamTime.Offset).DateTime);
        }
    }
}
