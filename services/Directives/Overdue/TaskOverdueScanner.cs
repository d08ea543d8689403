using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Hosting;

namespace NgheAn.Directives.Overdue;

/// <summary>
/// Publishes TaskOverdue once per task occurrence that passed its due date unreported. The notice
/// row (primary key task + occurrence) is inserted with ON CONFLICT DO NOTHING in the same
/// transaction as the outbox row, so restarts and replicas never publish an occurrence twice.
/// </summary>
public sealed class TaskOverdueScanner(IServiceScopeFactory scopes, TimeProvider clock, ScanInterval interval, ILogger<TaskOverdueScanner> logger)
    : PeriodicScanner(clock, interval, logger)
{
    /// <summary>One pass over the open tasks; returns how many TaskOverdue events it wrote.</summary>
    public override async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectivesDbContext>();
        var today = Clock.Today();
        var open = await db.Tasks.AsNoTracking().Where(t => t.Status != WorkStatus.Done).ToListAsync(cancellationToken);
        var noticed = (await db.TaskOverdueNotices.AsNoTracking().Select(n => new { n.TaskId, n.Occurrence }).ToListAsync(cancellationToken))
            .Select(n => (n.TaskId, n.Occurrence)).ToHashSet();
        var written = 0;
        foreach (var task in open)
        {
            foreach (var occurrence in task.Schedule.OverdueOccurrences(today, task.ReportedOccurrences, VietnamWorkingDays.Default))
            {
                if (noticed.Contains((task.Id, occurrence.Key)))
                {
                    continue;
                }

                written += await NoticeAsync(db, task, occurrence, cancellationToken);
            }
        }

        return written;
    }

    private async Task<int> NoticeAsync(DirectivesDbContext db, DirectiveTask task, TaskOccurrence occurrence, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Clock.GetUtcNow();
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO task_overdue_notices (task_id, occurrence, due_date, detected_at) VALUES ({task.Id}, {occurrence.Key}, {occurrence.DueDate}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (inserted == 0)
        {
            return 0; // another replica got there first
        }

        db.AddIntegrationEvent(new TaskOverdue
        {
            TaskId = task.Id,
            UnitId = task.LeadUnitId,
            DocumentId = task.DocumentId,
            Occurrence = occurrence.Key,
            DueDate = occurrence.DueDate,
            OccurredAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return 1;
    }
}
