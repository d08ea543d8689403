using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.Supervision.Api;
using NgheAn.Supervision.Data;
using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Deadlines;

/// <summary>
/// Publishes what the passing of time makes true, once each: DisciplineExpired when a decision's
/// effect ends, PetitionOverdue when a petition passes the deadline that runs for it, and
/// ReceptionMissed when a head's month ends short of the days required. Each record is claimed by
/// a conditional UPDATE (the marker column still null) in the same transaction as the outbox row,
/// so restarts and replicas never publish twice.
/// </summary>
public sealed class DeadlineScanner(IServiceScopeFactory scopes, TimeProvider clock, ScanInterval interval, ILogger<DeadlineScanner> logger)
    : PeriodicScanner(clock, interval, logger)
{
    public override async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SupervisionDbContext>();
        var today = Clock.Today();
        return await ExpireDisciplinesAsync(db, today, cancellationToken)
            + await ReportOverduePetitionsAsync(db, today, cancellationToken)
            + await CheckReceptionMonthsAsync(db, today, cancellationToken);
    }

    private async Task<int> ExpireDisciplinesAsync(SupervisionDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var ended = await db.Disciplines.AsNoTracking().Where(d => d.ExpiredOn == null && d.EffectEndsOn <= today).ToListAsync(cancellationToken);
        var written = 0;
        foreach (var discipline in ended)
        {
            var endsOn = discipline.EffectEndsOn!.Value;
            written += await IsolatedAsync("discipline", discipline.Id, () => ClaimAsync(db,
                db.Disciplines.Where(d => d.Id == discipline.Id && d.ExpiredOn == null),
                set => set.SetProperty(d => d.ExpiredOn, endsOn),
                discipline.PersonId is { } person
                    ? new DisciplineExpired { DisciplineId = discipline.Id, PersonId = person, UnitId = discipline.UnitId, ExpiredOn = endsOn }
                    : null, // an organisation's expiry is recorded; the event is about people
                cancellationToken), cancellationToken);
        }

        return written;
    }

    private async Task<int> ReportOverduePetitionsAsync(SupervisionDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var overdue = await db.Petitions.AsNoTracking()
            .Where(p => p.ResolvedOn == null && p.OverdueNoticedAt == null && p.DueOn < today)
            .ToListAsync(cancellationToken);
        var written = 0;
        foreach (var petition in overdue)
        {
            var now = Clock.GetUtcNow();
            written += await IsolatedAsync("petition", petition.Id, () => ClaimAsync(db,
                db.Petitions.Where(p => p.Id == petition.Id && p.OverdueNoticedAt == null && p.ResolvedOn == null),
                set => set.SetProperty(p => p.OverdueNoticedAt, now),
                new PetitionOverdue { PetitionId = petition.Id, UnitId = petition.UnitId, Kind = SupervisionApi.EventName(petition.Kind), DueDate = petition.DueOn!.Value, OccurredAt = now },
                cancellationToken), cancellationToken);
        }

        return written;
    }

    private async Task<int> CheckReceptionMonthsAsync(SupervisionDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        // A month is over once today is in a later one.
        var current = today.Year * 12 + today.Month;
        var ended = await db.ReceptionSchedules.AsNoTracking().Include(s => s.Sessions)
            .Where(s => s.MonthCheckedAt == null && s.Year * 12 + s.Month < current)
            .ToListAsync(cancellationToken);
        var written = 0;
        foreach (var schedule in ended)
        {
            written += await IsolatedAsync("reception schedule", schedule.Id, () => CheckReceptionMonthAsync(db, schedule, cancellationToken), cancellationToken);
        }

        return written;
    }

    private async Task<int> CheckReceptionMonthAsync(SupervisionDbContext db, ReceptionSchedule schedule, CancellationToken cancellationToken)
    {
        var month = ReceptionCompliance.Month(schedule.HeadPersonId, schedule.Level, schedule.Year, schedule.Month, schedule.Sessions.Select(s => s.HeldOn));
        var now = Clock.GetUtcNow();
        return await ClaimAsync(db,
            db.ReceptionSchedules.Where(s => s.Id == schedule.Id && s.MonthCheckedAt == null),
            set => set.SetProperty(s => s.MonthCheckedAt, now),
            month.Compliant ? null : new ReceptionMissed
            {
                ScheduleId = schedule.Id,
                UnitId = schedule.UnitId,
                HeadPersonId = schedule.HeadPersonId,
                Month = $"{schedule.Year:D4}-{schedule.Month:D2}",
                RequiredDays = month.Required,
                HeldDays = month.Held,
                LegalBasis = month.Rule.LegalBasis,
                OccurredAt = now,
            },
            cancellationToken);
    }

    /// <summary>Sets the marker if still unset and writes the event with it; 1 when an event was written.</summary>
    private static async Task<int> ClaimAsync<T>(SupervisionDbContext db, IQueryable<T> unclaimed,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<T>> mark, IntegrationEvent? fact, CancellationToken cancellationToken)
        where T : class
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await unclaimed.ExecuteUpdateAsync(mark, cancellationToken) == 0 || fact is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0; // another replica got there first, or there is nothing to tell
        }

        db.AddIntegrationEvent(fact);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return 1;
    }
}
