using Grpc.Core;
using NgheAn.Access;
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
public sealed partial class CadresApi(CadreWorkDbContext db, PersonRecords people, VietnamWorkingDays calendar, TimeProvider clock)
    : Proto.CadresService.CadresServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private const int MaxNameLength = 200;

    public override async Task<Proto.Position> CreatePosition(Proto.CreatePositionRequest request, ServerCallContext context)
    {
        var input = request.Position ?? throw ApiErrors.InvalidArgument("position", "is required.");
        var name = RequiredText(input.Name, "position.name", 300);
        await people.DemandUnitAsync(request.OrgUnitId, "org_unit_id", context.CancellationToken);
        var position = new Position { Id = Guid.CreateVersion7(), UnitId = request.OrgUnitId, Name = name, IsLeadership = input.Leadership };
        db.Positions.Add(position);
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("position", name, $"Unit '{request.OrgUnitId}' already has a position '{name}'."),
            context.CancellationToken, CadreWorkDbContext.PositionNameIndex);
        return ToProto(position);
    }

    public override async Task<Proto.ListPositionsResponse> ListPositions(Proto.ListPositionsRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, 100, 500);
        if (string.IsNullOrWhiteSpace(request.OrgUnitId))
        {
            throw ApiErrors.InvalidArgument("org_unit_id", "is required.");
        }

        // Throws unless the unit is in the caller's subtree.
        await people.UnitsBelowAsync(request.OrgUnitId, context.CancellationToken);
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

        await people.DemandUnitAsync(input.UnitId, "person.unit_id", context.CancellationToken);
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

    public override async Task<Proto.Person> GetPerson(Proto.GetPersonRequest request, ServerCallContext context)
    {
        var person = await people.PersonAsync(request.Id, "id", context.CancellationToken);
        return await ToProtoAsync(person, withFile: true, context.CancellationToken);
    }

    public override async Task<Proto.ListPeopleResponse> ListPeople(Proto.ListPeopleRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var caller = context.Caller();
        var units = await people.UnitsBelowAsync(request.UnitId, context.CancellationToken);
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

    private async Task<List<DisciplineRecord>> DisciplinesOfAsync(Guid personId, CancellationToken cancellationToken) =>
        (await db.Disciplines.AsNoTracking().Where(d => d.PersonId == personId && d.AnnulledOn == null).ToListAsync(cancellationToken))
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

    private static string RequiredText(string? text, string field, int max)
    {
        var value = text?.Trim().Normalize() ?? "";
        if (value.Length == 0)
        {
            throw ApiErrors.InvalidArgument(field, "is required.");
        }

        return value.Length <= max ? value : throw ApiErrors.InvalidArgument(field, $"must be at most {max} characters.");
    }

    /// <summary>"PERSON_KIND_PARTY_MEMBER" style enum values are stored by their C# names ("PartyMember").</summary>
    private static string EnumName<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    private static DateTimeOffset Microseconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % 10, time.Offset);

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
                SelfDetectedAndRemedied = d.SelfDetectedAndRemedied, OriginalForm = d.OriginalForm ?? "",
                AppealDecidedOn = ApiDates.Format(d.AppealDecidedOn), AppealDecisionNumber = d.AppealDecisionNumber ?? "",
                AnnulledOn = ApiDates.Format(d.AnnulledOn),
            };
            if (d.AnnulledOn is not null)
            {
                proto.Disciplines.Add(entry); // sets no waiting period
                continue;
            }

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
            .Select(c => new Proto.CommendationEntry
            {
                Id = c.Id.ToString(), Title = c.Title, Level = c.Level, DecisionDate = ApiDates.Format(c.DecisionDate),
                RevokedOn = ApiDates.Format(c.RevokedOn), RevocationReason = c.RevocationReason ?? "",
            }));
        return proto;
    }

    private static Proto.Position ToProto(Position p) => new() { Id = p.Id.ToString(), OrgUnitId = p.UnitId, Name = p.Name, Leadership = p.IsLeadership };
}
