using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.CadreWork.People;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Rules;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.CadreWork.V1;

namespace NgheAn.CadreWork.Api;

/// <summary>
/// People, positions and the cadre-work decisions about them. Each decision applies the rule
/// versions in force on its date (Domain) and records their ids; refusals by a rule are
/// FAILED_PRECONDITION with a message naming the rule.
/// </summary>
public sealed class CadresApi(CadreWorkDbContext db, PersonAccess access, VietnamWorkingDays calendar, TimeProvider clock)
    : Proto.CadresService.CadresServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private const int MaxNameLength = 200;

    // ---- Positions ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.Position> CreatePosition(Proto.CreatePositionRequest request, ServerCallContext context)
    {
        var input = request.Position ?? throw ApiErrors.InvalidArgument("position", "is required.");
        var name = RequiredText(input.Name, "position.name", 300);
        await access.DemandUnitAsync(context.Caller(), request.OrgUnitId, "org_unit_id", context.CancellationToken);
        var position = new Position { Id = Guid.CreateVersion7(), UnitId = request.OrgUnitId, Name = name, IsLeadership = input.Leadership };
        db.Positions.Add(position);
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("position", name, $"Unit '{request.OrgUnitId}' already has a position '{name}'."),
            context.CancellationToken, CadreWorkDbContext.PositionNameIndex);
        return ToProto(position);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListPositionsResponse> ListPositions(Proto.ListPositionsRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, 100, 500);
        if (string.IsNullOrWhiteSpace(request.OrgUnitId))
        {
            throw ApiErrors.InvalidArgument("org_unit_id", "is required.");
        }

        // Throws unless the unit is in the caller's subtree.
        await access.ReachableUnitIdsAsync(context.Caller(), request.OrgUnitId, context.CancellationToken);
        var query = db.Positions.AsNoTracking().Where(p => p.UnitId == request.OrgUnitId);
        var filter = $"positions|{request.OrgUnitId}";
        if (PageToken.Decode(request.PageToken, filter, 2) is [var afterName, var afterId])
        {
            var id = Guid.Parse(afterId);
            query = query.Where(p => string.Compare(p.Name, afterName) > 0 || (p.Name == afterName && p.Id > id));
        }

        var page = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListPositionsResponse();
        response.Positions.AddRange(page.Take(pageSize).Select(ToProto));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = PageToken.Encode(filter, last.Name, last.Id.ToString());
        }

        return response;
    }

    // ---- People ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.Person> CreatePerson(Proto.CreatePersonRequest request, ServerCallContext context)
    {
        var input = request.Person ?? throw ApiErrors.InvalidArgument("person", "is required.");
        var errors = new List<FieldViolation>();
        var name = input.FullName?.Trim().Normalize() ?? "";
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            errors.Add(new("person.full_name", $"is required, at most {MaxNameLength} characters."));
        }

        if (input.Kind == Proto.PersonKind.Unspecified)
        {
            errors.Add(new("person.kind", "is required: CADRE, PARTY_MEMBER or CIVIL_SERVANT."));
        }

        if (input.Membership == Proto.Membership.Unspecified)
        {
            errors.Add(new("person.membership", "is required: NONE, FULL or PROBATIONARY."));
        }
        else if (input.Kind == Proto.PersonKind.PartyMember && input.Membership == Proto.Membership.None)
        {
            errors.Add(new("person.membership", "a party member is FULL or PROBATIONARY."));
        }

        if (input.Sex == Proto.Sex.Unspecified)
        {
            errors.Add(new("person.sex", "is required: MALE or FEMALE."));
        }

        DateOnly? birth = null;
        try
        {
            birth = ApiDates.Required(input.BirthDate, "person.birth_date");
            var today = clock.Today();
            if (birth > today.AddYears(-16) || birth < today.AddYears(-120))
            {
                errors.Add(new("person.birth_date", "must be a plausible birth date (16 to 120 years ago)."));
            }
        }
        catch (RpcException)
        {
            errors.Add(new("person.birth_date", $"is required as a date YYYY-MM-DD, got '{input.BirthDate}'."));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        await access.DemandUnitAsync(context.Caller(), input.UnitId, "person.unit_id", context.CancellationToken);
        var person = new Person
        {
            Id = Guid.CreateVersion7(),
            FullName = name,
            UnitId = input.UnitId,
            Kind = EnumName(input.Kind),
            Membership = EnumName(input.Membership),
            BirthDate = birth!.Value,
            Sex = EnumName(input.Sex),
            CreatedAt = Microseconds(clock.GetUtcNow()),
        };
        db.People.Add(person);
        db.AddIntegrationEvent(new PersonRegistered
        {
            PersonId = person.Id,
            UnitId = person.UnitId,
            FullName = person.FullName,
            Kind = person.Kind,
            Membership = person.Membership,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return await ToProtoAsync(person, withFile: true, context.CancellationToken);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.Person> GetPerson(Proto.GetPersonRequest request, ServerCallContext context)
    {
        var person = await access.PersonAsync(context.Caller(), request.Id, "id", context.CancellationToken);
        return await ToProtoAsync(person, withFile: true, context.CancellationToken);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListPeopleResponse> ListPeople(Proto.ListPeopleRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var caller = context.Caller();
        var units = await access.ReachableUnitIdsAsync(caller, request.UnitId, context.CancellationToken);
        var query = db.People.AsNoTracking();
        if (units is not null)
        {
            query = query.Where(p => units.Contains(p.UnitId));
        }

        var filter = $"people|{request.UnitId}|{(units is null ? "*" : caller.UnitId)}";
        if (PageToken.Decode(request.PageToken, filter, 2) is [var afterName, var afterId])
        {
            var id = Guid.Parse(afterId);
            query = query.Where(p => string.Compare(p.FullName, afterName) > 0 || (p.FullName == afterName && p.Id > id));
        }

        var page = await query.OrderBy(p => p.FullName).ThenBy(p => p.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListPeopleResponse();
        foreach (var person in page.Take(pageSize))
        {
            response.People.Add(await ToProtoAsync(person, withFile: false, context.CancellationToken));
        }

        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = PageToken.Encode(filter, last.FullName, last.Id.ToString());
        }

        return response;
    }

    // ---- Ratings ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.Rating> CreateRating(Proto.CreateRatingRequest request, ServerCallContext context)
    {
        var input = request.Rating ?? throw ApiErrors.InvalidArgument("rating", "is required.");
        var year = RatingPeriodYear(input.Period, "rating.period");
        var ratingDate = ApiDates.Required(input.RatingDate, "rating.rating_date");
        var overrideReason = OverrideReason(input.QuotaOverrideReason, "rating.quota_override_reason");
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
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
            QuotaOverrideReason = rating.QuotaOverrideReason,
        });
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("rating", $"{person.Id}/{period}", $"Person '{person.Id}' already has a rating for {period}."),
            context.CancellationToken, CadreWorkDbContext.RatingPeriodIndex);
        await transaction.CommitAsync(context.CancellationToken);
        return ToProto(rating);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListRatingsResponse> ListRatings(Proto.ListRatingsRequest request, ServerCallContext context)
    {
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListRatingsResponse();
        response.NextPageToken = await PageByIdAsync(db.Ratings.AsNoTracking().Where(r => r.PersonId == person.Id), r => r.Id,
            request.PageSize, request.PageToken, $"ratings|{person.Id}", r => response.Ratings.Add(ToProto(r)), context.CancellationToken);
        return response;
    }

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.UnitRating> CreateUnitRating(Proto.CreateUnitRatingRequest request, ServerCallContext context)
    {
        var input = request.UnitRating ?? throw ApiErrors.InvalidArgument("unit_rating", "is required.");
        var year = RatingPeriodYear(input.Period, "unit_rating.period");
        var ratingDate = ApiDates.Required(input.RatingDate, "unit_rating.rating_date");
        var overrideReason = OverrideReason(input.QuotaOverrideReason, "unit_rating.quota_override_reason");
        await access.DemandUnitAsync(context.Caller(), request.UnitId, "unit_id", context.CancellationToken);
        var unitId = request.UnitId;

        // Leadership: holders of the unit's leadership positions whose term overlaps the year up to the rating date.
        var yearStart = new DateOnly(year, 1, 1);
        var leaders = db.Appointments
            .Where(a => a.StartDate <= ratingDate && a.TermEnd >= yearStart
                && db.Positions.Any(p => p.Id == a.PositionId && p.UnitId == unitId && p.IsLeadership))
            .Select(a => a.PersonId);
        var leaderDisciplines = (await db.Disciplines.AsNoTracking().Where(d => leaders.Contains(d.PersonId)).ToListAsync(context.CancellationToken))
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

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListUnitRatingsResponse> ListUnitRatings(Proto.ListUnitRatingsRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.UnitId))
        {
            throw ApiErrors.InvalidArgument("unit_id", "is required.");
        }

        // Throws unless the unit is in the caller's subtree.
        await access.ReachableUnitIdsAsync(context.Caller(), request.UnitId, context.CancellationToken);
        var response = new Proto.ListUnitRatingsResponse();
        response.NextPageToken = await PageByIdAsync(db.UnitRatings.AsNoTracking().Where(r => r.UnitId == request.UnitId), r => r.Id,
            request.PageSize, request.PageToken, $"unit-ratings|{request.UnitId}", r => response.UnitRatings.Add(ToProto(r)), context.CancellationToken);
        return response;
    }

    // ---- Commitments ----

    [Authorize(Roles = PlatformRoles.CommitmentWriters)]
    public override async Task<Proto.Commitment> CreateCommitment(Proto.CreateCommitmentRequest request, ServerCallContext context)
    {
        var input = request.Commitment ?? throw ApiErrors.InvalidArgument("commitment", "is required.");
        var period = CommitmentPeriod.Parse(input.Period ?? "")
            ?? throw ApiErrors.InvalidArgument("commitment.period", $"must be a year 'YYYY' or a month 'YYYY-MM', got '{input.Period}'.");
        var content = RequiredText(input.Content, "commitment.content", 4000);
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var commitment = new Commitment
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            UnitId = person.UnitId,
            Period = period.ToString(),
            Year = period.Year,
            Content = content,
        };
        db.Commitments.Add(commitment);
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("commitment", $"{person.Id}/{period}", $"Person '{person.Id}' already registered a commitment for {period}."),
            context.CancellationToken, CadreWorkDbContext.CommitmentPeriodIndex);
        return ToProto(commitment);
    }

    [Authorize(Roles = PlatformRoles.CommitmentReviewers)]
    public override async Task<Proto.Commitment> ReviewCommitment(Proto.ReviewCommitmentRequest request, ServerCallContext context)
    {
        if (request.Result == Proto.CommitmentResult.Unspecified)
        {
            throw ApiErrors.InvalidArgument("result", "is required: MET, PARTLY_MET or NOT_MET.");
        }

        if (request.Comment is { Length: > 4000 })
        {
            throw ApiErrors.InvalidArgument("comment", "must be at most 4000 characters.");
        }

        var caller = context.Caller();
        var person = await access.PersonAsync(caller, request.PersonId, "person_id", context.CancellationToken);
        var commitmentId = RequestIds.Parse(request.CommitmentId, "commitment_id");
        var commitment = await db.Commitments.FirstOrDefaultAsync(c => c.Id == commitmentId && c.PersonId == person.Id, context.CancellationToken)
            ?? throw ApiErrors.NotFound("commitment", commitmentId.ToString());
        var period = CommitmentPeriod.Parse(commitment.Period)!;
        if (clock.Today() < period.Start)
        {
            throw ApiErrors.FailedPrecondition("commitment-not-started", $"commitments/{commitment.Id}", $"The commitment for {period} cannot be reviewed before the period starts ({period.Start:yyyy-MM-dd}).");
        }

        commitment.Result = ((CommitmentResult)(int)request.Result).ToString();
        commitment.ReviewComment = request.Comment?.Trim();
        commitment.ReviewedBy = caller.Person;
        commitment.ReviewedAt = Microseconds(clock.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(commitment);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListCommitmentsResponse> ListCommitments(Proto.ListCommitmentsRequest request, ServerCallContext context)
    {
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListCommitmentsResponse();
        response.NextPageToken = await PageByIdAsync(db.Commitments.AsNoTracking().Where(c => c.PersonId == person.Id), c => c.Id,
            request.PageSize, request.PageToken, $"commitments|{person.Id}", c => response.Commitments.Add(ToProto(c)), context.CancellationToken);
        return response;
    }

    // ---- Planning ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.PlanningEntry> CreatePlanningEntry(Proto.CreatePlanningEntryRequest request, ServerCallContext context)
    {
        var input = request.PlanningEntry ?? throw ApiErrors.InvalidArgument("planning_entry", "is required.");
        var date = ApiDates.Required(input.DecisionDate, "planning_entry.decision_date");
        var caller = context.Caller();
        var position = await access.PositionAsync(caller, request.PositionId, "position_id", context.CancellationToken);
        var person = await access.PersonAsync(caller, input.PersonId, "planning_entry.person_id", context.CancellationToken);

        var disciplines = await DisciplinesOfAsync(person.Id, context.CancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        // Counts and insert under locks on the post and the person, so the limits hold under concurrent calls.
        await db.Database.LockUntilCommitAsync($"planning-post|{position.Id}", context.CancellationToken);
        await db.Database.LockUntilCommitAsync($"planning-person|{person.Id}", context.CancellationToken);
        if (await db.PlanningEntries.AnyAsync(p => p.PositionId == position.Id && p.PersonId == person.Id, context.CancellationToken))
        {
            throw PlanningDuplicate(position, person);
        }

        var onPost = await db.PlanningEntries.CountAsync(p => p.PositionId == position.Id, context.CancellationToken);
        var ofPerson = await db.PlanningEntries.CountAsync(p => p.PersonId == person.Id, context.CancellationToken);
        var verdict = Checked(() => CadreRules.CheckPlanning(date, onPost, ofPerson, disciplines), "planning_entry.decision_date");
        if (!verdict.Allowed)
        {
            throw ApiErrors.FailedPrecondition("planning", $"people/{person.Id}", verdict.Message);
        }

        var entry = new PlanningEntry { Id = Guid.CreateVersion7(), PositionId = position.Id, PersonId = person.Id, DecisionDate = date, RuleId = verdict.Rule!.Id };
        db.PlanningEntries.Add(entry);
        db.AddIntegrationEvent(new PersonPlanned
        {
            PlanningEntryId = entry.Id,
            PersonId = person.Id,
            PositionId = position.Id,
            UnitId = position.UnitId,
            DecisionDate = date,
            RuleId = entry.RuleId,
        });
        await db.SaveChangesOrAsync(() => PlanningDuplicate(position, person), context.CancellationToken, CadreWorkDbContext.PlanningIndex);
        await transaction.CommitAsync(context.CancellationToken);
        return ToProto(entry);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListPlanningEntriesResponse> ListPlanningEntries(Proto.ListPlanningEntriesRequest request, ServerCallContext context)
    {
        var position = await access.PositionAsync(context.Caller(), request.PositionId, "position_id", context.CancellationToken);
        var response = new Proto.ListPlanningEntriesResponse();
        response.NextPageToken = await PageByIdAsync(db.PlanningEntries.AsNoTracking().Where(p => p.PositionId == position.Id), p => p.Id,
            request.PageSize, request.PageToken, $"planning|{position.Id}", p => response.PlanningEntries.Add(ToProto(p)), context.CancellationToken);
        return response;
    }

    // ---- Appointments ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.Appointment> CreateAppointment(Proto.CreateAppointmentRequest request, ServerCallContext context)
    {
        var input = request.Appointment ?? throw ApiErrors.InvalidArgument("appointment", "is required.");
        var start = ApiDates.Required(input.StartDate, "appointment.start_date");
        if (input.DecisionNumber is { Length: > 100 })
        {
            throw ApiErrors.InvalidArgument("appointment.decision_number", "must be at most 100 characters.");
        }

        var caller = context.Caller();
        var person = await access.PersonAsync(caller, request.PersonId, "person_id", context.CancellationToken);
        var position = await access.PositionAsync(caller, input.PositionId, "appointment.position_id", context.CancellationToken);
        var disciplines = await DisciplinesOfAsync(person.Id, context.CancellationToken);
        var verdict = Checked(() => CadreRules.CheckAppointment(start, disciplines), "appointment.start_date");
        if (!verdict.Allowed)
        {
            throw ApiErrors.FailedPrecondition("appointment", $"people/{person.Id}", verdict.Message);
        }

        var term = Checked(() => CadreRules.Term(start, calendar), "appointment.start_date");
        var appointment = new Appointment
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            PositionId = position.Id,
            StartDate = start,
            TermEnd = term.TermEnd,
            NoticeDue = term.NoticeDue,
            DecisionNumber = input.DecisionNumber?.Trim() is { Length: > 0 } number ? number : null,
            RuleId = term.Rule.Id,
        };
        db.Appointments.Add(appointment);
        db.AddIntegrationEvent(new PersonAppointed
        {
            AppointmentId = appointment.Id,
            PersonId = person.Id,
            PositionId = position.Id,
            PositionName = position.Name,
            UnitId = position.UnitId,
            StartDate = start,
            TermEndDate = term.TermEnd,
            ReappointmentNoticeDue = term.NoticeDue,
            RuleId = term.Rule.Id,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(appointment, position);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListAppointmentsResponse> ListAppointments(Proto.ListAppointmentsRequest request, ServerCallContext context)
    {
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var positions = await PositionsOfAsync(person.Id, context.CancellationToken);
        var response = new Proto.ListAppointmentsResponse();
        response.NextPageToken = await PageByIdAsync(db.Appointments.AsNoTracking().Where(a => a.PersonId == person.Id), a => a.Id,
            request.PageSize, request.PageToken, $"appointments|{person.Id}", a => response.Appointments.Add(ToProto(a, positions[a.PositionId])), context.CancellationToken);
        return response;
    }

    // ---- Transfers and rotations ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.Transfer> CreateTransfer(Proto.CreateTransferRequest request, ServerCallContext context)
    {
        var input = request.Transfer ?? throw ApiErrors.InvalidArgument("transfer", "is required.");
        if (input.Kind is not (Proto.TransferKind.Transfer or Proto.TransferKind.Rotation))
        {
            throw ApiErrors.InvalidArgument("transfer.kind", "is required: TRANSFER or ROTATION.");
        }

        var date = ApiDates.Required(input.EffectiveDate, "transfer.effective_date");
        var caller = context.Caller();
        var person = await access.PersonAsync(caller, request.PersonId, "person_id", context.CancellationToken, track: true);
        await access.DemandUnitAsync(caller, input.ToUnitId, "transfer.to_unit_id", context.CancellationToken);
        if (input.ToUnitId == person.UnitId)
        {
            throw ApiErrors.InvalidArgument("transfer.to_unit_id", $"the person is already in '{person.UnitId}'.");
        }

        string? ruleId = null;
        if (input.Kind == Proto.TransferKind.Rotation)
        {
            var retirement = RetirementAge.ReachedOn(person.BirthDate, Enum.Parse<Sex>(person.Sex));
            var disciplines = await DisciplinesOfAsync(person.Id, context.CancellationToken);
            var verdict = Checked(() => CadreRules.CheckRotation(date, retirement, disciplines), "transfer.effective_date");
            if (!verdict.Allowed)
            {
                throw ApiErrors.FailedPrecondition("rotation", $"people/{person.Id}", verdict.Message);
            }

            ruleId = verdict.Rule!.Id;
        }

        var kind = EnumName(input.Kind);
        var transfer = new Transfer
        {
            Id = Guid.CreateVersion7(), PersonId = person.Id, Kind = kind, FromUnitId = person.UnitId, ToUnitId = input.ToUnitId,
            EffectiveDate = date, RuleId = ruleId,
        };
        db.Transfers.Add(transfer);
        person.UnitId = input.ToUnitId;
        db.AddIntegrationEvent(new PersonMoved
        {
            PersonId = person.Id, UnitId = transfer.ToUnitId, FromUnitId = transfer.FromUnitId, ToUnitId = transfer.ToUnitId,
            Kind = kind, EffectiveDate = date, RuleId = ruleId,
        });
        if (ruleId is not null)
        {
            db.AddIntegrationEvent(new PersonRotated
            {
                PersonId = person.Id, TransferId = transfer.Id, UnitId = transfer.ToUnitId, FromUnitId = transfer.FromUnitId,
                ToUnitId = transfer.ToUnitId, EffectiveDate = date, RuleId = ruleId,
            });
        }

        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(transfer);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListTransfersResponse> ListTransfers(Proto.ListTransfersRequest request, ServerCallContext context)
    {
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListTransfersResponse();
        response.NextPageToken = await PageByIdAsync(db.Transfers.AsNoTracking().Where(t => t.PersonId == person.Id), t => t.Id,
            request.PageSize, request.PageToken, $"transfers|{person.Id}", t => response.Transfers.Add(ToProto(t)), context.CancellationToken);
        return response;
    }

    // ---- Training ----

    [Authorize(Roles = PlatformRoles.CadreWriters)]
    public override async Task<Proto.TrainingRecord> CreateTrainingRecord(Proto.CreateTrainingRecordRequest request, ServerCallContext context)
    {
        var input = request.TrainingRecord ?? throw ApiErrors.InvalidArgument("training_record", "is required.");
        var program = RequiredText(input.Program, "training_record.program", 300);
        var start = ApiDates.Required(input.StartDate, "training_record.start_date");
        var end = ApiDates.Optional(input.EndDate, "training_record.end_date");
        if (end < start)
        {
            throw ApiErrors.InvalidArgument("training_record.end_date", "must not be before start_date.");
        }

        if (input.Institution is { Length: > 300 })
        {
            throw ApiErrors.InvalidArgument("training_record.institution", "must be at most 300 characters.");
        }

        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var record = new TrainingRecord
        {
            Id = Guid.CreateVersion7(), PersonId = person.Id, Program = program,
            Institution = input.Institution?.Trim() is { Length: > 0 } i ? i : null, StartDate = start, EndDate = end,
        };
        db.TrainingRecords.Add(record);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(record);
    }

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.ListTrainingRecordsResponse> ListTrainingRecords(Proto.ListTrainingRecordsRequest request, ServerCallContext context)
    {
        var person = await access.PersonAsync(context.Caller(), request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListTrainingRecordsResponse();
        response.NextPageToken = await PageByIdAsync(db.TrainingRecords.AsNoTracking().Where(t => t.PersonId == person.Id), t => t.Id,
            request.PageSize, request.PageToken, $"training|{person.Id}", t => response.TrainingRecords.Add(ToProto(t)), context.CancellationToken);
        return response;
    }

    // ---- Helpers ----

    private async Task<List<DisciplineRecord>> DisciplinesOfAsync(Guid personId, CancellationToken cancellationToken) =>
        (await db.Disciplines.AsNoTracking().Where(d => d.PersonId == personId).ToListAsync(cancellationToken))
            .Select(ToRecord).ToList();

    private static DisciplineRecord ToRecord(DisciplineEntry d) => new(Enum.Parse<DisciplineForm>(d.Form), d.DecisionDate, d.SelfDetectedAndRemedied);

    private async Task<Dictionary<Guid, Position>> PositionsOfAsync(Guid personId, CancellationToken cancellationToken) =>
        await db.Positions.AsNoTracking()
            .Where(p => db.Appointments.Any(a => a.PersonId == personId && a.PositionId == p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);

    /// <summary>Newest first by id (UUIDv7 ids are in creation order).</summary>
    private static async Task<string> PageByIdAsync<T>(
        IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, Guid>> key, int requestedSize, string token, string filter,
        Action<T> add, CancellationToken cancellationToken)
    {
        var (items, next) = await KeysetPage.ByIdAsync(query, key, PageToken.Size(requestedSize, DefaultPageSize, MaxPageSize), token, filter,
            newestFirst: true, cancellationToken);
        items.ForEach(add);
        return next;
    }

    /// <summary>A rule with no version for the date is an input problem with that date.</summary>
    private static T Checked<T>(Func<T> rule, string dateField)
    {
        try
        {
            return rule();
        }
        catch (RuleNotInForceException ex)
        {
            throw ApiErrors.InvalidArgument(dateField, $"{ex.Message} The platform applies the regulations from Quy định 377-QĐ/TW (2025-10-08) on.");
        }
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

    private static int RatingPeriodYear(string? period, string field)
    {
        var text = period?.Trim() ?? "";
        // "2025" a year, "2025-Q4" a quarter, "2020-2025" a term (rated in its last year).
        if (text.Length == 4 && int.TryParse(text, out var year))
        {
            return year;
        }

        if (text.Length == 7 && text[4..6] == "-Q" && text[6] is >= '1' and <= '4' && int.TryParse(text[..4], out year))
        {
            return year;
        }

        if (text.Length == 9 && text[4] == '-' && int.TryParse(text[..4], out var from) && int.TryParse(text[5..], out var to) && to > from)
        {
            return to;
        }

        throw ApiErrors.InvalidArgument(field, $"must be a year 'YYYY', a quarter 'YYYY-Qn' or a term 'YYYY-YYYY', got '{period}'.");
    }

    private static string RequiredText(string? text, string field, int max)
    {
        var value = text?.Trim().Normalize() ?? "";
        if (value.Length == 0)
        {
            throw ApiErrors.InvalidArgument(field, "is required.");
        }

        return value.Length <= max ? value : throw ApiErrors.InvalidArgument(field, $"must be at most {max} characters.");
    }

    private static RpcException PlanningDuplicate(Position position, Person person) =>
        ApiErrors.AlreadyExists("planning-entry", $"{position.Id}/{person.Id}", $"Person '{person.Id}' is already planned for position '{position.Name}'.");

    /// <summary>"PERSON_KIND_PARTY_MEMBER" style enum values are stored by their C# names ("PartyMember").</summary>
    private static string EnumName<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    private static DateTimeOffset Microseconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % 10, time.Offset);

    // ---- Mapping ----

    private async Task<Proto.Person> ToProtoAsync(Person person, bool withFile, CancellationToken cancellationToken)
    {
        var proto = new Proto.Person
        {
            Id = person.Id.ToString(),
            FullName = person.FullName,
            UnitId = person.UnitId,
            Kind = Enum.Parse<Proto.PersonKind>(person.Kind),
            Membership = Enum.Parse<Proto.Membership>(person.Membership),
            BirthDate = ApiDates.Format(person.BirthDate),
            Sex = Enum.Parse<Proto.Sex>(person.Sex),
            RetirementDate = ApiDates.Format(RetirementAge.ReachedOn(person.BirthDate, Enum.Parse<Sex>(person.Sex))),
            CreateTime = ApiDates.Stamp(person.CreatedAt),
        };
        if (!withFile)
        {
            return proto;
        }

        var today = clock.Today();
        var positions = await PositionsOfAsync(person.Id, cancellationToken);
        var current = await db.Appointments.AsNoTracking()
            .Where(a => a.PersonId == person.Id && a.StartDate <= today && a.TermEnd >= today)
            .OrderBy(a => a.StartDate).ToListAsync(cancellationToken);
        proto.CurrentAppointments.AddRange(current.Select(a => ToProto(a, positions[a.PositionId])));
        foreach (var d in await db.Disciplines.AsNoTracking().Where(d => d.PersonId == person.Id).OrderBy(d => d.DecisionDate).ToListAsync(cancellationToken))
        {
            var entry = new Proto.DisciplineEntry
            {
                Id = d.Id.ToString(), Form = d.Form, DecisionDate = ApiDates.Format(d.DecisionDate), DecisionNumber = d.DecisionNumber ?? "",
                SelfDetectedAndRemedied = d.SelfDetectedAndRemedied,
            };
            try
            {
                var period = DisciplineWaitingPeriods.For(ToRecord(d));
                entry.EligibleFrom = ApiDates.Format(period.EligibleFrom);
                entry.RuleId = period.Rule.Id;
            }
            catch (RuleNotInForceException)
            {
                entry.RuleId = ""; // decided before the first regulation the platform knows
            }

            proto.Disciplines.Add(entry);
        }

        proto.Commendations.AddRange((await db.Commendations.AsNoTracking().Where(c => c.PersonId == person.Id).OrderBy(c => c.DecisionDate).ToListAsync(cancellationToken))
            .Select(c => new Proto.CommendationEntry { Id = c.Id.ToString(), Title = c.Title, Level = c.Level, DecisionDate = ApiDates.Format(c.DecisionDate) }));
        return proto;
    }

    private static Proto.Position ToProto(Position p) => new() { Id = p.Id.ToString(), OrgUnitId = p.UnitId, Name = p.Name, Leadership = p.IsLeadership };

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

    private static Proto.Commitment ToProto(Commitment c)
    {
        var proto = new Proto.Commitment
        {
            Id = c.Id.ToString(), PersonId = c.PersonId.ToString(), Period = c.Period, Content = c.Content,
            Result = c.Result is null ? Proto.CommitmentResult.Unspecified : (Proto.CommitmentResult)(int)Enum.Parse<CommitmentResult>(c.Result),
            ReviewComment = c.ReviewComment ?? "", ReviewedBy = c.ReviewedBy ?? "",
        };
        if (c.ReviewedAt is { } at)
        {
            proto.ReviewTime = ApiDates.Stamp(at);
        }

        return proto;
    }

    private static Proto.PlanningEntry ToProto(PlanningEntry p) => new()
    {
        Id = p.Id.ToString(), PositionId = p.PositionId.ToString(), PersonId = p.PersonId.ToString(),
        DecisionDate = ApiDates.Format(p.DecisionDate), RuleId = p.RuleId,
    };

    private static Proto.Appointment ToProto(Appointment a, Position position) => new()
    {
        Id = a.Id.ToString(), PersonId = a.PersonId.ToString(), PositionId = a.PositionId.ToString(), PositionName = position.Name,
        OrgUnitId = position.UnitId, StartDate = ApiDates.Format(a.StartDate), TermEndDate = ApiDates.Format(a.TermEnd),
        ReappointmentNoticeDue = ApiDates.Format(a.NoticeDue), DecisionNumber = a.DecisionNumber ?? "", RuleId = a.RuleId,
    };

    private static Proto.Transfer ToProto(Transfer t) => new()
    {
        Id = t.Id.ToString(), PersonId = t.PersonId.ToString(), Kind = Enum.Parse<Proto.TransferKind>(t.Kind),
        FromUnitId = t.FromUnitId, ToUnitId = t.ToUnitId, EffectiveDate = ApiDates.Format(t.EffectiveDate), RuleId = t.RuleId ?? "",
    };

    private static Proto.TrainingRecord ToProto(TrainingRecord t) => new()
    {
        Id = t.Id.ToString(), PersonId = t.PersonId.ToString(), Program = t.Program, Institution = t.Institution ?? "",
        StartDate = ApiDates.Format(t.StartDate), EndDate = ApiDates.Format(t.EndDate),
    };
}
