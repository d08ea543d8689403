using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;

namespace NgheAn.Directives.Overdue;

/// <summary>
/// Publishes TaskOverdue once per task occurrence that passed its due date unreported. The notice
/// row (primary key task + occurrence) is inserted with ON CONFLICT DO NOTHING in the same
/// transaction as the outbox row, so restarts and replicas never publish an occurrence twice.
/// </summary>
public sealed class TaskOverdueScanner(IServiceScopeFactory scopes, TimeProvider clock, ScanInterval interval, ILogger<TaskOverdueScanner> logger)
    : PeriodicScanner(clock, interval, logger)
{
    // Open tasks are read in pages, with only their own notices, so a pass holds one page at a time.
    private const int BatchSize = 500;

    /// <summary>One pass over the open tasks; returns how many TaskOverdue events it wrote.</summary>
    public override async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectivesDbContext>();
        var today = Clock.Today();
        var open = db.Tasks.AsNoTracking().Where(t => t.Status != WorkStatus.Done && t.StartDate <= today);
        var written = 0;
        var token = "";
        do
        {
            (var batch, token) = await KeysetPage.ByIdAsync(open, t => t.Id, BatchSize, token, "overdue-scan", newestFirst: false, cancellationToken);
            var ids = batch.Select(t => t.Id).ToList();
            var noticed = (await db.TaskOverdueNotices.AsNoTracking().Where(n => ids.Contains(n.TaskId)).Select(n => new { n.TaskId, n.Occurrence }).ToListAsync(cancellationToken))
                .Select(n => (n.TaskId, n.Occurrence)).ToHashSet();
            foreach (var task in batch)
            {
                written += await IsolatedAsync("task", task.Id, async () =>
                {
                    var count = 0;
                    foreach (var occurrence in task.Schedule.OverdueOccurrences(today, task.ReportedOccurrences, VietnamWorkingDays.Default))
                    {
                        if (!noticed.Contains((task.Id, occurrence.Key)))
                        {
                            count += await NoticeAsync(db, task, occurrence, cancellationToken);
                        }
                    }

                    return count;
                }, cancellationToken);
            }
        }
        while (token.Length > 0);

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
