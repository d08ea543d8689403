using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Messaging.Inbox;

namespace NgheAn.CadreWork.Consumers;

/// <summary>
/// Records Supervision's discipline decisions in the person's file. The rules read the file when
/// they decide (rating caps, waiting periods before planning and appointment), so recording is
/// applying.
/// </summary>
public sealed class DisciplineImposedConsumer(CadreWorkDbContext db, TimeProvider clock, ILogger<DisciplineImposedConsumer> logger)
    : InboxConsumer<DisciplineImposed, CadreWorkDbContext>(db)
{
    protected override async Task Handle(DisciplineImposed message, CancellationToken cancellationToken)
    {
        // An unknown form is a contract break: fail, so the message waits in the error queue for a fix.
        if (!DisciplineForms.TryParse(message.Form, out var form))
        {
            throw new InvalidOperationException($"DisciplineImposed {message.DisciplineId} has an unknown form '{message.Form}'.");
        }

        if (await Db.Disciplines.AnyAsync(d => d.Id == message.DisciplineId, cancellationToken))
        {
            return; // the same discipline told twice under different message ids
        }

        if (!await Db.People.AnyAsync(p => p.Id == message.PersonId, cancellationToken))
        {
            logger.LogWarning("Discipline {DisciplineId} names person {PersonId}, unknown here; kept for when the person is registered.", message.DisciplineId, message.PersonId);
        }

        Db.Disciplines.Add(new DisciplineEntry
        {
            Id = message.DisciplineId,
            PersonId = message.PersonId,
            Form = form.ToString(),
            DecisionDate = message.DecisionDate,
            DecisionNumber = message.DecisionNumber,
            SelfDetectedAndRemedied = message.SelfDetectedAndRemedied,
            ReceivedAt = clock.GetUtcNow(),
        });
    }
}

/// <summary>
/// An appeal's outcome: a changed form replaces the one the rules use (the first is kept), an
/// annulled decision stays in the file but no longer caps ratings or blocks planning and appointment.
/// </summary>
public sealed class DisciplineChangedConsumer(CadreWorkDbContext db) : InboxConsumer<DisciplineChanged, CadreWorkDbContext>(db)
{
    protected override async Task Handle(DisciplineChanged message, CancellationToken cancellationToken)
    {
        var entry = await Db.Disciplines.FirstOrDefaultAsync(d => d.Id == message.DisciplineId, cancellationToken)
            ?? throw ArrivedBefore($"DisciplineChanged {message.DisciplineId}", nameof(DisciplineImposed));
        var current = Enum.Parse<DisciplineForm>(entry.Form);
        DisciplineForm? after;
        try
        {
            after = DisciplineAppeal.FormAfter(current, message.Outcome, message.Form);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"DisciplineChanged {message.DisciplineId}: {e.Message}", e); // a contract break: to the error queue
        }

        if (after is { } form && form.ToString() != entry.Form)
        {
            entry.OriginalForm ??= entry.Form;
            entry.Form = form.ToString();
        }

        entry.AnnulledOn = after is null ? message.DecidedOn : null;
        entry.AppealDecidedOn = message.DecidedOn;
        entry.AppealDecisionNumber = message.DecisionNumber;
    }
}

/// <summary>Records Emulation's commendations of a person in the person's file.</summary>
public sealed class CommendationGrantedConsumer(CadreWorkDbContext db, TimeProvider clock)
    : InboxConsumer<CommendationGranted, CadreWorkDbContext>(db)
{
    protected override async Task Handle(CommendationGranted message, CancellationToken cancellationToken)
    {
        if (message.PersonId is not { } personId || await Db.Commendations.AnyAsync(c => c.Id == message.CommendationId, cancellationToken))
        {
            return; // a collective's award has no person's file here
        }

        Db.Commendations.Add(new CommendationEntry
        {
            Id = message.CommendationId,
            PersonId = personId,
            Title = message.Title,
            Level = message.Level,
            DecisionDate = message.DecisionDate,
            DecisionNumber = message.DecisionNumber,
            ReceivedAt = clock.GetUtcNow(),
        });
    }
}

/// <summary>Strikes a revoked commendation in the person's file; the entry stays, with when and why.</summary>
public sealed class AwardRevokedConsumer(CadreWorkDbContext db) : InboxConsumer<AwardRevoked, CadreWorkDbContext>(db)
{
    protected override async Task Handle(AwardRevoked message, CancellationToken cancellationToken)
    {
        if (message.PersonId is null)
        {
            return; // a collective's award has no person's file here
        }

        var entry = await Db.Commendations.FirstOrDefaultAsync(c => c.Id == message.CommendationId, cancellationToken)
            ?? throw ArrivedBefore($"AwardRevoked {message.CommendationId}", nameof(CommendationGranted));
        entry.RevokedOn = message.RevokedOn;
        entry.RevocationReason = message.Reason;
    }
}
