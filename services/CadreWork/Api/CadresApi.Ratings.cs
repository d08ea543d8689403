using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Rules;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.CadreWork.V1;

namespace NgheAn.CadreWork.Api;

/// <summary>Quality ratings of people and collectives: the regulation in force on the rating date, the caps, and the HTXSNV quota.</summary>
public sealed partial class CadresApi
{
    public override async Task<Proto.Rating> CreateRating(Proto.CreateRatingRequest request, ServerCallContext context)
    {
        var input = request.Rating ?? throw ApiErrors.InvalidArgument("rating", "is required.");
        var year = RatingPeriodYear(input.Period, "rating.period");
        var ratingDate = ApiDates.Required(input.RatingDate, "rating.rating_date");
        var overrideReason = OverrideReason(input.QuotaOverrideReason, "rating.quota_override_reason");
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var disciplines = await DisciplinesOfAsync(person.Id, context.CancellationToken);
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.PersonId == person.Id && c.Year == year)
            .Select(c => c.Result).ToListAsync(context.CancellationToken);
        var summary = CommitmentSummary.Of(commitments.Select(r => r is null ? (CommitmentResult?)null : Enum.Parse<CommitmentResult>(r)));

        var facts = new RatingInput(
            ratingDate,
            year,
            input.HasGeneralScore ? (decimal)input.GeneralScore : null,
            input.HasTaskScore ? (decimal)input.TaskScore : null,
            input.AllTasksOnTime,
            ProposedGrade(input.ProposedGrade),
            disciplines);
        var outcome = DecideRating(facts, "rating");

        var period = input.Period.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var quota = await QuotaAsync(
            outcome, ratingDate, $"rating-quota|{person.UnitId}|{period}",
            db.Ratings.Where(r => r.UnitId == person.UnitId && r.Period == period && r.PersonId != person.Id).Select(r => r.Grade),
            overrideReason, $"org-units/{person.UnitId}", "rating.quota_override_reason", context.CancellationToken);
        var rating = Decided(new Rating
        {
            PersonId = person.Id, UnitId = person.UnitId, Period = period,
            Grade = outcome.Grade.ToString(), UncappedGrade = outcome.Uncapped.ToString(), RuleIds = quota.RuleTrail(outcome),
            QuotaOverrideReason = quota.KeptOverrideReason, CommitmentSummary = summary.ToString(),
        }, facts, outcome);
        db.Ratings.Add(rating);
        db.AddIntegrationEvent(new RatingDecided
        {
            RatingId = rating.Id,
            PersonId = person.Id,
            UnitId = person.UnitId,
            Period = rating.Period,
            RatingDate = ratingDate,
            Grade = rating.Grade,
            UncappedGrade = rating.UncappedGrade,
            RuleIds = rating.RuleIds,
        });
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("rating", $"{person.Id}/{period}", $"Person '{person.Id}' already has a rating for {period}."),
            context.CancellationToken, CadreWorkDbContext.RatingPeriodIndex);
        await transaction.CommitAsync(context.CancellationToken);
        return ToProto(rating);
    }

    public override async Task<Proto.ListRatingsResponse> ListRatings(Proto.ListRatingsRequest request, ServerCallContext context)
    {
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListRatingsResponse();
        response.NextPageToken = await PageByIdAsync(db.Ratings.AsNoTracking().Where(r => r.PersonId == person.Id), r => r.Id,
            request.PageSize, request.PageToken, $"ratings|{person.Id}", r => response.Ratings.Add(ToProto(r)), context.CancellationToken);
        return response;
    }

    public override async Task<Proto.UnitRating> CreateUnitRating(Proto.CreateUnitRatingRequest request, ServerCallContext context)
    {
        var input = request.UnitRating ?? throw ApiErrors.InvalidArgument("unit_rating", "is required.");
        var year = RatingPeriodYear(input.Period, "unit_rating.period");
        var ratingDate = ApiDates.Required(input.RatingDate, "unit_rating.rating_date");
        var overrideReason = OverrideReason(input.QuotaOverrideReason, "unit_rating.quota_override_reason");
        await people.DemandUnitAsync(request.UnitId, "unit_id", context.CancellationToken);
        var unitId = request.UnitId;

        // Leadership: holders of the unit's leadership positions whose term overlaps the year up to the rating date.
        var yearStart = new DateOnly(year, 1, 1);
        var leaders = db.Appointments
            .Where(a => a.StartDate <= ratingDate && a.TermEnd >= yearStart
                && db.Positions.Any(p => p.Id == a.PositionId && p.UnitId == unitId && p.IsLeadership))
            .Select(a => a.PersonId);
        var leaderDisciplines = (await db.Disciplines.AsNoTracking().Where(d => leaders.Contains(d.PersonId) && d.AnnulledOn == null).ToListAsync(context.CancellationToken))
            .Select(ToRecord);
        var leadershipDisciplined = RatingCaps.LeadershipDisciplined(leaderDisciplines, year, ratingDate);

        var facts = new RatingInput(
            ratingDate,
            year,
            input.HasGeneralScore ? (decimal)input.GeneralScore : null,
            input.HasTaskScore ? (decimal)input.TaskScore : null,
            input.AllTasksOnTime,
            ProposedGrade(input.ProposedGrade),
            [],
            IsCollective: true,
            LeadershipMemberDisciplined: leadershipDisciplined);
        var outcome = DecideRating(facts, "unit_rating");

        // Collectives count against the quota of the organisation above them, among its units.
        var organisation = await db.OrgUnits.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.ParentId ?? u.Id)
            .FirstAsync(context.CancellationToken);
        var period = input.Period.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var quota = await QuotaAsync(
            outcome, ratingDate, $"unit-rating-quota|{organisation}|{period}",
            db.UnitRatings.Where(r => r.OrganisationId == organisation && r.Period == period && r.UnitId != unitId).Select(r => r.Grade),
            overrideReason, $"org-units/{organisation}", "unit_rating.quota_override_reason", context.CancellationToken);
        var rating = Decided(new UnitRating
        {
            UnitId = unitId, Period = period, Grade = outcome.Grade.ToString(), UncappedGrade = outcome.Uncapped.ToString(),
            RuleIds = quota.RuleTrail(outcome),
            LeadershipMemberDisciplined = leadershipDisciplined, OrganisationId = organisation, QuotaOverrideReason = quota.KeptOverrideReason,
        }, facts, outcome);
        db.UnitRatings.Add(rating);
        db.AddIntegrationEvent(new UnitRatingDecided
        {
            RatingId = rating.Id,
            UnitId = unitId,
            Period = period,
            RatingDate = ratingDate,
            Grade = rating.Grade,
            UncappedGrade = rating.UncappedGrade,
            LeadershipMemberDisciplined = leadershipDisciplined,
            RuleIds = rating.RuleIds,
            QuotaOverrideReason = rating.QuotaOverrideReason,
        });
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("unit-rating", $"{unitId}/{period}", $"Unit '{unitId}' already has a rating for {period}."),
            context.CancellationToken, CadreWorkDbContext.UnitRatingPeriodIndex);
        await transaction.CommitAsync(context.CancellationToken);
        return ToProto(rating);
    }

    public override async Task<Proto.ListUnitRatingsResponse> ListUnitRatings(Proto.ListUnitRatingsRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.UnitId))
        {
            throw ApiErrors.InvalidArgument("unit_id", "is required.");
        }

        // Throws unless the unit is in the caller's subtree.
        await people.UnitsBelowAsync(request.UnitId, context.CancellationToken);
        var response = new Proto.ListUnitRatingsResponse();
        response.NextPageToken = await PageByIdAsync(db.UnitRatings.AsNoTracking().Where(r => r.UnitId == request.UnitId), r => r.Id,
            request.PageSize, request.PageToken, $"unit-ratings|{request.UnitId}", r => response.UnitRatings.Add(ToProto(r)), context.CancellationToken);
        return response;
    }

    /// <summary>Decides a rating, its input problems named under <paramref name="prefix"/> (the request's message field).</summary>
    private static RatingOutcome DecideRating(RatingInput input, string prefix)
    {
        try
        {
            return QualityRating.Decide(input);
        }
        catch (RatingInputException ex)
        {
            // The domain names fields "rating.x".
            throw ApiErrors.InvalidArgument(ex.Problems.Select(p => new FieldViolation(prefix + p.Field[p.Field.IndexOf('.')..], p.Problem)));
        }
        catch (RuleNotInForceException ex)
        {
            throw ApiErrors.InvalidArgument($"{prefix}.rating_date", $"no rating regulation is known for {ex.Date:yyyy-MM-dd}.");
        }
    }

    private static string? OverrideReason(string? text, string field) =>
        text?.Trim() is { Length: > 0 } reason
            ? reason.Length <= 2000 ? reason : throw ApiErrors.InvalidArgument(field, "must be at most 2000 characters.")
            : null;

    /// <summary>
    /// The HTXSNV quota for a rating (<see cref="ExcellenceQuota"/>): counts the organisation's other
    /// grades of the period under an advisory lock held until commit, so two raters cannot both take
    /// the last place; refuses an excess without a written reason.
    /// </summary>
    private async Task<QuotaDecision> QuotaAsync(
        RatingOutcome outcome, DateOnly ratingDate, string lockKey, IQueryable<string> otherGrades, string? overrideReason,
        string organisation, string reasonField, CancellationToken cancellationToken)
    {
        if (outcome.Grade != RatingGrade.Excellent)
        {
            return ExcellenceQuota.Decide(outcome.Grade, ratingDate, 0, 0, overrideReason);
        }

        await db.Database.LockUntilCommitAsync(lockKey, cancellationToken);
        var counts = await otherGrades.GroupBy(g => g).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var quota = ExcellenceQuota.Decide(
            outcome.Grade,
            ratingDate,
            counts.Where(c => c.Key == nameof(RatingGrade.Excellent)).Sum(c => c.Count),
            counts.Where(c => c.Key == nameof(RatingGrade.Good)).Sum(c => c.Count),
            overrideReason);
        return quota.Refused
            ? throw ApiErrors.FailedPrecondition("rating-quota", organisation, $"HTXSNV refused: {quota.Check!.Message} Give {reasonField} to override.")
            : quota;
    }

    /// <summary>What every rating decision keeps of its facts and outcome.</summary>
    private T Decided<T>(T decision, RatingInput facts, RatingOutcome outcome) where T : RatingDecision
    {
        decision.Id = Guid.CreateVersion7();
        decision.RatingDate = facts.RatingDate;
        decision.GeneralScore = facts.GeneralScore;
        decision.TaskScore = facts.TaskScore;
        decision.AllTasksOnTime = facts.AllTasksOnTime;
        decision.ProposedGrade = facts.ProposedGrade?.ToString();
        decision.CapReasons = [.. outcome.Caps.Select(c => c.Reason)];
        decision.CreatedAt = Microseconds(clock.GetUtcNow());
        return decision;
    }

    private static RatingGrade? ProposedGrade(Proto.RatingGrade grade) =>
        grade == Proto.RatingGrade.Unspecified ? null : (RatingGrade)(int)grade;

    private static int RatingPeriodYear(string? period, string field) =>
        RatingPeriod.Parse(period)?.Year
        ?? throw ApiErrors.InvalidArgument(field, $"must be a year 'YYYY', a quarter 'YYYY-Qn' or a term 'YYYY-YYYY' of at most {RatingPeriod.MaxTermYears} years, got '{period}'.");

    private static Proto.Rating ToProto(Rating r)
    {
        var proto = new Proto.Rating
        {
            Id = r.Id.ToString(), PersonId = r.PersonId.ToString(), Period = r.Period, RatingDate = ApiDates.Format(r.RatingDate),
            AllTasksOnTime = r.AllTasksOnTime,
            ProposedGrade = ProtoGrade(r.ProposedGrade),
            QuotaOverrideReason = r.QuotaOverrideReason ?? "",
            Grade = ProtoGrade(r.Grade), UncappedGrade = ProtoGrade(r.UncappedGrade),
            CommitmentSummary = r.CommitmentSummary, UnitId = r.UnitId, CreateTime = ApiDates.Stamp(r.CreatedAt),
        };
        CopyDecision(r, g => proto.GeneralScore = g, t => proto.TaskScore = t, proto.RuleIds, proto.CapReasons);
        return proto;
    }

    private static Proto.UnitRating ToProto(UnitRating r)
    {
        var proto = new Proto.UnitRating
        {
            Id = r.Id.ToString(), UnitId = r.UnitId, Period = r.Period, RatingDate = ApiDates.Format(r.RatingDate),
            AllTasksOnTime = r.AllTasksOnTime, ProposedGrade = ProtoGrade(r.ProposedGrade),
            Grade = ProtoGrade(r.Grade), UncappedGrade = ProtoGrade(r.UncappedGrade),
            LeadershipMemberDisciplined = r.LeadershipMemberDisciplined, CreateTime = ApiDates.Stamp(r.CreatedAt),
            QuotaOverrideReason = r.QuotaOverrideReason ?? "", QuotaOrganisationId = r.OrganisationId,
        };
        CopyDecision(r, g => proto.GeneralScore = g, t => proto.TaskScore = t, proto.RuleIds, proto.CapReasons);
        return proto;
    }

    /// <summary>The optional scores and the rule trail, which both rating messages carry.</summary>
    private static void CopyDecision(
        RatingDecision r, Action<double> setGeneral, Action<double> setTask,
        Google.Protobuf.Collections.RepeatedField<string> ruleIds, Google.Protobuf.Collections.RepeatedField<string> capReasons)
    {
        if (r.GeneralScore is { } general)
        {
            setGeneral((double)general);
        }

        if (r.TaskScore is { } task)
        {
            setTask((double)task);
        }

        ruleIds.AddRange(r.RuleIds);
        capReasons.AddRange(r.CapReasons);
    }

    private static Proto.RatingGrade ProtoGrade(string? grade) =>
        grade is null ? Proto.RatingGrade.Unspecified : (Proto.RatingGrade)(int)Enum.Parse<RatingGrade>(grade);
}
