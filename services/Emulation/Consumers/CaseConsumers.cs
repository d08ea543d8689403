using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Domain;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Emulation.Consumers;

/// <summary>
/// A discipline opens a case that blocks awards until it expires, and flags the person's awards
/// of the violation's year or later for review (revocation for a later violation).
/// </summary>
public sealed class DisciplineImposedConsumer(EmulationDbContext db) : InboxConsumer<DisciplineImposed, EmulationDbContext>(db)
{
    protected override async Task Handle(DisciplineImposed message, CancellationToken cancellationToken)
    {
        var reference = message.DecisionNumber is { Length: > 0 } number ? $"{message.Form} {number}" : message.Form;
        await PersonCases.OpenAsync(Db, message.DisciplineId, message.PersonId, PendingCase.Discipline, reference, message.DecisionDate, cancellationToken);

        var awards = (await Db.Awards.Where(a => a.PersonId == message.PersonId && a.RevokedOn == null).ToListAsync(cancellationToken))
            .Select(a => (Record: a, Held: new HeldAward(a.AwardCode, a.Year, a.AchievementId))).ToList();
        var toReview = AwardEligibility.ToReviewAfterViolation(awards.Select(a => a.Held), message.DecisionDate).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var award in awards.Where(a => toReview.Contains(a.Held)).Select(a => a.Record))
        {
            award.RevocationFlag = $"Discipline ({reference}) decided {message.DecisionDate:yyyy-MM-dd} in or before the award's year {award.Year}: review for revocation (later violation).";
            award.RevocationFlagCaseId = message.DisciplineId;
        }
    }
}

/// <summary>
/// An annulled discipline stops blocking awards from the appeal's decision and lowers the revocation
/// flags it raised on awards not yet revoked; upheld or changed ones still block.
/// </summary>
public sealed class DisciplineChangedConsumer(EmulationDbContext db) : InboxConsumer<DisciplineChanged, EmulationDbContext>(db)
{
    protected override async Task Handle(DisciplineChanged message, CancellationToken cancellationToken)
    {
        var found = await Db.Cases.FindAsync([message.DisciplineId], cancellationToken)
            ?? throw ArrivedBefore($"DisciplineChanged {message.DisciplineId}", nameof(DisciplineImposed));
        if (message.Outcome != DisciplineChanged.Annulled)
        {
            return;
        }

        found.ClosedOn = message.DecidedOn;
        foreach (var award in await Db.Awards.Where(a => a.RevocationFlagCaseId == message.DisciplineId && a.RevokedOn == null).ToListAsync(cancellationToken))
        {
            award.RevocationFlag = null;
            award.RevocationFlagCaseId = null;
        }
    }
}

public sealed class DisciplineExpiredConsumer(EmulationDbContext db) : InboxConsumer<DisciplineExpired, EmulationDbContext>(db)
{
    protected override Task Handle(DisciplineExpired message, CancellationToken cancellationToken) =>
        PersonCases.CloseAsync(Db, message.DisciplineId, message.ExpiredOn, cancellationToken);
}

/// <summary>An inspection of a person blocks their awards until it is concluded; inspections of units do not name a person.</summary>
public sealed class InspectionOpenedConsumer(EmulationDbContext db) : InboxConsumer<InspectionOpened, EmulationDbContext>(db)
{
    protected override Task Handle(InspectionOpened message, CancellationToken cancellationToken) =>
        message.TargetPersonId is { } person
            ? PersonCases.OpenAsync(Db, message.InspectionId, person, PendingCase.Inspection, $"{message.Kind} inspection", message.OpenedOn, cancellationToken)
            : Task.CompletedTask;
}

public sealed class InspectionConcludedConsumer(EmulationDbContext db) : InboxConsumer<InspectionConcluded, EmulationDbContext>(db)
{
    protected override Task Handle(InspectionConcluded message, CancellationToken cancellationToken) =>
        PersonCases.CloseAsync(Db, message.InspectionId, message.ConcludedOn, cancellationToken);
}

/// <summary>A complaint or denunciation about a party member blocks their awards until it is resolved.</summary>
public sealed class PetitionReceivedConsumer(EmulationDbContext db) : InboxConsumer<PetitionReceived, EmulationDbContext>(db)
{
    protected override Task Handle(PetitionReceived message, CancellationToken cancellationToken) =>
        message.SubjectPersonId is { } person && message.Kind is "complaint" or "denunciation"
            ? PersonCases.OpenAsync(Db, message.PetitionId, person, PendingCase.Complaint, message.Kind, message.ReceivedOn, cancellationToken)
            : Task.CompletedTask;
}

public sealed class PetitionResolvedConsumer(EmulationDbContext db) : InboxConsumer<PetitionResolved, EmulationDbContext>(db)
{
    protected override Task Handle(PetitionResolved message, CancellationToken cancellationToken) =>
        PersonCases.CloseAsync(Db, message.PetitionId, message.ResolvedOn, cancellationToken);
}

internal static class PersonCases
{
    public static async Task OpenAsync(EmulationDbContext db, Guid id, Guid personId, string kind, string reference, DateOnly openedOn, CancellationToken cancellationToken)
    {
        if (await db.Cases.FindAsync([id], cancellationToken) is null)
        {
            db.Cases.Add(new CaseFact { Id = id, PersonId = personId, Kind = kind, Reference = reference, OpenedOn = openedOn });
        }
    }

    /// <summary>Closes a case; one never opened here (a petition about no person) is ignored.</summary>
    public static async Task CloseAsync(EmulationDbContext db, Guid id, DateOnly closedOn, CancellationToken cancellationToken)
    {
        if (await db.Cases.FindAsync([id], cancellationToken) is { } found)
        {
            found.ClosedOn = closedOn;
        }
    }
}
