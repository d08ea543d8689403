using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Domain;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Api;

/// <summary>
/// The award catalogue, nominations checked and explained against the read model (ratings, cases
/// from Supervision, prior awards), grants (CommendationGranted) and revocations (AwardRevoked).
/// </summary>
public sealed partial class EmulationApi
{
    public override Task<Proto.ListAwardKindsResponse> ListAwardKinds(Proto.ListAwardKindsRequest request, ServerCallContext context)
    {
        // The catalogue comes in one page, so no token was ever issued for it.
        if (request.PageToken.Length > 0)
        {
            throw ApiErrors.InvalidArgument("page_token", "is not a token returned by this list call (award kinds come in one page).");
        }

        var response = new Proto.ListAwardKindsResponse();
        response.AwardKinds.AddRange(AwardCatalog.All.Select(k => k.ToProto()));
        return Task.FromResult(response);
    }

    public override async Task<Proto.Nomination> CreateNomination(Proto.CreateNominationRequest request, ServerCallContext context)
    {
        var input = request.Nomination ?? throw ApiErrors.InvalidArgument("nomination", "is required.");
        var errors = new List<FieldViolation>();
        var kind = AwardCatalog.Find(input.AwardCode.Trim(), Today);
        if (kind is null) errors.Add(new("nomination.award_code", $"no award kind '{input.AwardCode}' in force; see /v1/award-kinds."));
        if (input.Year < 2000 || input.Year > Today.Year + 1) errors.Add(new("nomination.year", $"must be a year from 2000 to {Today.Year + 1}."));
        if (string.IsNullOrWhiteSpace(input.Achievement)) errors.Add(new("nomination.achievement", "is required: what the award is for."));
        var personId = Collect(() => EmulationMapping.OptionalId(input.PersonId, "nomination.person_id"), errors);
        if (kind?.Subject == AwardSubject.Individual && personId is null && errors.All(e => e.Field != "nomination.person_id"))
        {
            errors.Add(new("nomination.person_id", $"is required for {kind.Name}, an individual award."));
        }

        if (kind?.Subject == AwardSubject.Collective && string.IsNullOrWhiteSpace(input.UnitId))
        {
            errors.Add(new("nomination.unit_id", $"is required for {kind.Name}, a collective award."));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        string unitId;
        if (kind!.Subject == AwardSubject.Individual)
        {
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == personId, context.CancellationToken)
                ?? throw ApiErrors.FailedPrecondition("person-unknown", $"people/{personId}",
                    $"Person '{personId}' is not known to Emulation yet (people arrive from CadreWork once registered).");
            unitId = person.UnitId;
        }
        else
        {
            unitId = await UnitForNewAsync(input.UnitId, "nomination.unit_id", context);
            personId = null;
        }

        var nomination = new NominationRecord
        {
            Id = Guid.CreateVersion7(),
            AwardCode = kind.Code,
            Year = input.Year,
            PersonId = personId,
            UnitId = unitId,
            Achievement = input.Achievement.Trim(),
            AchievementId = string.IsNullOrWhiteSpace(input.AchievementId) ? null : input.AchievementId.Trim(),
            Status = NominationStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = context.Caller().Person,
        };
        nomination.Reasons = (await CheckAsync(nomination, kind, Today, context.CancellationToken)).Reasons.ToList();

        // Against formalism: the same unit's open or granted nominations with a like achievement, for the appraiser.
        var others = await db.Nominations.AsNoTracking()
            .Where(n => n.UnitId == unitId && n.Status != NominationStatus.Refused)
            .Select(n => new { n.Id, n.Achievement }).ToListAsync(context.CancellationToken);
        nomination.LikelyDuplicateOf = DuplicateNominations.LikelyDuplicates(unitId, nomination.Achievement,
            others.Select(n => new NominationTitle(n.Id.ToString(), unitId, n.Achievement))).Select(n => Guid.Parse(n.Id)).ToList();

        db.Nominations.Add(nomination);
        await db.SaveChangesAsync(context.CancellationToken);
        return nomination.ToProto();
    }

    public override async Task<Proto.Nomination> GetNomination(Proto.GetNominationRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(nomination?.UnitId, nomination?.PersonId, "nomination", request.Id, context.CancellationToken);
        return nomination!.ToProto();
    }

    public override async Task<Proto.ListNominationsResponse> ListNominations(Proto.ListNominationsRequest request, ServerCallContext context)
    {
        var personId = EmulationMapping.OptionalId(request.PersonId, "person_id");
        var query = personId is { } person ? db.Nominations.AsNoTracking().Where(n => n.PersonId == person) : db.Nominations.AsNoTracking();
        var (page, next) = await VisiblePageAsync(query, n => n.UnitId, n => n.PersonId, n => n.Id, request.PageSize, request.PageToken, $"nominations|{personId}", context);
        var response = new Proto.ListNominationsResponse { NextPageToken = next };
        response.Nominations.AddRange(page.Select(n => n.ToProto()));
        return response;
    }

    public override async Task<Proto.Nomination> AppraiseNomination(Proto.AppraiseNominationRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var appraisedOn = EmulationMapping.RequiredDate(request.AppraisedOn, "appraised_on");
        var nomination = await ChangeableNominationAsync(id, request.Id, context);
        if (nomination.Status != NominationStatus.Pending)
        {
            throw ApiErrors.FailedPrecondition("nomination-not-pending", $"nominations/{id}", $"Only a pending nomination is appraised; this one is {nomination.Status.ToString().ToLowerInvariant()}.");
        }

        var eligibility = await CheckAsync(nomination, Kind(nomination), appraisedOn, context.CancellationToken);
        nomination.Reasons = eligibility.Reasons.ToList();
        nomination.Status = eligibility.Eligible ? NominationStatus.Appraised : NominationStatus.Refused;
        nomination.AppraisedBy = context.Caller().Person;
        nomination.AppraisedOn = appraisedOn;
        await db.SaveChangesAsync(context.CancellationToken);
        return nomination.ToProto();
    }

    public override async Task<Proto.Award> GrantNomination(Proto.GrantNominationRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var decisionDate = EmulationMapping.RequiredDate(request.DecisionDate, "decision_date");
        var nomination = await ChangeableNominationAsync(id, request.Id, context);
        if (nomination.Status != NominationStatus.Appraised)
        {
            throw ApiErrors.FailedPrecondition("nomination-not-appraised", $"nominations/{id}", $"Only an appraised nomination is granted; this one is {nomination.Status.ToString().ToLowerInvariant()}.");
        }

        var kind = Kind(nomination);
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        // One grant at a time per recipient, so "one achievement, one award" and "a title once a year" hold.
        await db.Database.LockUntilCommitAsync($"award-recipient|{nomination.PersonId?.ToString() ?? nomination.UnitId}", context.CancellationToken);
        var eligibility = await CheckAsync(nomination, kind, decisionDate, context.CancellationToken);
        if (!eligibility.Eligible)
        {
            // The refusal is recorded with its reasons: a case opened since the appraisal ends the nomination.
            nomination.Status = NominationStatus.Refused;
            nomination.Reasons = eligibility.Reasons.ToList();
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
            throw ApiErrors.FailedPrecondition("award-ineligible", $"nominations/{id}",
                // Codes only: the messages tell ratings and discipline, personal fields the nomination shows only to who may see them.
                $"{kind.Name} cannot be granted: {string.Join(", ", eligibility.Reasons.Select(r => r.Code))} (the nomination lists the reasons and their legal basis).");
        }

        var award = new AwardRecord
        {
            Id = Guid.CreateVersion7(),
            AwardCode = kind.Code,
            Title = kind.Name,
            Level = kind.Level,
            Year = nomination.Year,
            PersonId = nomination.PersonId,
            UnitId = nomination.UnitId,
            NominationId = nomination.Id,
            AchievementId = nomination.AchievementId,
            DecisionDate = decisionDate,
            DecisionNumber = string.IsNullOrWhiteSpace(request.DecisionNumber) ? null : request.DecisionNumber.Trim(),
        };
        db.Awards.Add(award);
        nomination.Status = NominationStatus.Granted;
        nomination.AwardId = award.Id;
        nomination.Reasons = [];
        db.AddIntegrationEvent(new CommendationGranted
        {
            CommendationId = award.Id,
            UnitId = award.UnitId,
            PersonId = award.PersonId,
            OrgUnitId = award.PersonId is null ? award.UnitId : null,
            Title = award.Title,
            Level = award.Level.Key(),
            DecisionDate = award.DecisionDate,
            DecisionNumber = award.DecisionNumber,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return award.ToProto();
    }

    public override async Task<Proto.Award> GetAward(Proto.GetAwardRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var award = await db.Awards.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(award?.UnitId, award?.PersonId, "award", request.Id, context.CancellationToken);
        return award!.ToProto();
    }

    public override async Task<Proto.ListAwardsResponse> ListAwards(Proto.ListAwardsRequest request, ServerCallContext context)
    {
        var personId = EmulationMapping.OptionalId(request.PersonId, "person_id");
        var query = personId is { } person ? db.Awards.AsNoTracking().Where(a => a.PersonId == person) : db.Awards.AsNoTracking();

        if (request.FlaggedForRevocation)
        {
            query = query.Where(a => a.RevocationFlag != null && a.RevokedOn == null);
        }

        var (page, next) = await VisiblePageAsync(query, a => a.UnitId, a => a.PersonId, a => a.Id, request.PageSize, request.PageToken,
            $"awards|{personId}|{request.FlaggedForRevocation}", context);
        var response = new Proto.ListAwardsResponse { NextPageToken = next };
        response.Awards.AddRange(page.Select(a => a.ToProto()));
        return response;
    }

    public override async Task<Proto.Award> RevokeAward(Proto.RevokeAwardRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var errors = new List<FieldViolation>();
        var ground = request.Ground switch
        {
            Proto.RevocationGround.FalseDeclaration => RevocationGrounds.FalseDeclaration,
            Proto.RevocationGround.LaterViolation => RevocationGrounds.LaterViolation,
            _ => null,
        };
        if (ground is null) errors.Add(new("ground", "is required: REVOCATION_GROUND_FALSE_DECLARATION or REVOCATION_GROUND_LATER_VIOLATION."));
        if (string.IsNullOrWhiteSpace(request.Reason)) errors.Add(new("reason", "is required: why the award is revoked."));
        else if (request.Reason.Trim().Length > 2000) errors.Add(new("reason", "must be at most 2000 characters."));
        var revokedOn = Collect(() => EmulationMapping.RequiredDate(request.RevokedOn, "revoked_on"), errors);
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        var award = await db.Awards.FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(award?.UnitId, award?.PersonId, "award", request.Id, context.CancellationToken);
        if (award!.RevokedOn is not null)
        {
            throw ApiErrors.FailedPrecondition("award-revoked", $"awards/{id}", $"The award was already revoked on {award.RevokedOn.Iso()}.");
        }

        if (revokedOn < award.DecisionDate)
        {
            throw ApiErrors.InvalidArgument("revoked_on", $"is before the award's decision ({award.DecisionDate.Iso()}).");
        }

        award.RevokedOn = revokedOn;
        award.RevocationGround = ground;
        award.RevocationReason = request.Reason.Trim();
        db.AddIntegrationEvent(new AwardRevoked
        {
            CommendationId = award.Id,
            UnitId = award.UnitId,
            PersonId = award.PersonId,
            Title = award.Title,
            Ground = ground!,
            Reason = award.RevocationReason,
            RevokedOn = revokedOn,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return award.ToProto();
    }

    private async Task<NominationRecord> ChangeableNominationAsync(Guid id, string requestedId, ServerCallContext context)
    {
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(nomination?.UnitId, nomination?.PersonId, "nomination", requestedId, context.CancellationToken);
        return nomination!;
    }

    // The kind as nominated; a kind since replaced in the law stays what the nomination named.
    private static AwardKind Kind(NominationRecord nomination) =>
        AwardCatalog.All.Last(k => k.Code == nomination.AwardCode);

    /// <summary>Eligibility on a date, from the read model: ratings, prior awards (of the person or collective) and open cases.</summary>
    private async Task<Eligibility> CheckAsync(NominationRecord nomination, AwardKind kind, DateOnly on, CancellationToken cancellationToken)
    {
        var ratings = nomination.PersonId is { } person
            ? await db.Ratings.AsNoTracking().Where(r => r.PersonId == person).ToDictionaryAsync(r => r.Year, r => r.Grade, cancellationToken)
            : await db.UnitRatings.AsNoTracking().Where(r => r.UnitId == nomination.UnitId).ToDictionaryAsync(r => r.Year, r => r.Grade, cancellationToken);
        var held = await db.Awards.AsNoTracking()
            .Where(a => nomination.PersonId != null ? a.PersonId == nomination.PersonId : a.PersonId == null && a.UnitId == nomination.UnitId)
            .Select(a => new HeldAward(a.AwardCode, a.Year, a.AchievementId, a.RevokedOn != null))
            .ToListAsync(cancellationToken);
        var cases = nomination.PersonId is { } subject
            ? (await db.Cases.AsNoTracking().Where(c => c.PersonId == subject).ToListAsync(cancellationToken)).Select(c => c.ToPendingCase()).ToList()
            : [];
        return AwardEligibility.Check(new NominationFacts(kind, nomination.Year, on, nomination.AchievementId, ratings, held, cases));
    }
}
