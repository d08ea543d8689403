using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using NgheAn.Supervision.Data;
using NgheAn.Supervision.Domain;
using Proto = NgheAn.Contracts.Supervision.V1;

namespace NgheAn.Supervision.Api;

public sealed partial class SupervisionApi
{
    public override async Task<Proto.InspectionProgramme> CreateInspectionProgramme(Proto.CreateInspectionProgrammeRequest request, ServerCallContext context)
    {
        var input = Required(request.Programme, "programme");
        var title = RequiredText(input.Title, "programme.title");
        if (input.Year is < 2000 or > 2100)
        {
            throw ApiErrors.InvalidArgument("programme.year", "must be a year such as 2026.");
        }

        var kind = KindOf(input.Kind, "programme.kind");
        if (!InspectionStages.NeedsProgramme(kind))
        {
            throw ApiErrors.InvalidArgument("programme.kind", $"a programme is regular or thematic; cases on signs of violation are opened one by one ({InspectionStages.LegalBasis}).");
        }

        var programme = new InspectionProgramme
        {
            Id = Guid.CreateVersion7(),
            UnitId = await WritableUnitAsync(input.UnitId, "programme.unit_id", context),
            Year = input.Year,
            Title = title,
            Kind = kind,
        };
        db.InspectionProgrammes.Add(programme);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(programme);
    }

    public override async Task<Proto.ListInspectionProgrammesResponse> ListInspectionProgrammes(Proto.ListInspectionProgrammesRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var query = Reached(db.InspectionProgrammes.AsNoTracking());
        if (request.Year != 0)
        {
            query = query.Where(p => p.Year == request.Year);
        }

        var (page, next) = await KeysetPage.ByIdAsync(query, p => p.Id, pageSize, request.PageToken, $"{request.Year}", newestFirst: true, context.CancellationToken);
        var response = new Proto.ListInspectionProgrammesResponse { NextPageToken = next };
        response.Programmes.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.Inspection> CreateInspection(Proto.CreateInspectionRequest request, ServerCallContext context)
    {
        var input = Required(request.Inspection, "inspection");
        var kind = KindOf(input.Kind, "inspection.kind");
        var title = RequiredText(input.Title, "inspection.title");
        var openedOn = RequestDates.Required(input.OpenedOn, "inspection.opened_on");
        var targetPerson = OptionalId(input.TargetPersonId, "inspection.target_person_id");
        var targetUnit = input.TargetUnitId.Trim() is { Length: > 0 } t ? t : null;
        if ((targetPerson is null) == (targetUnit is null))
        {
            throw ApiErrors.InvalidArgument("inspection.target_person_id", "give exactly one target: a person (target_person_id) or a unit (target_unit_id).");
        }

        if (targetUnit is not null)
        {
            await KnownUnitAsync(targetUnit, "inspection.target_unit_id", context.CancellationToken);
        }

        var unitId = await WritableUnitAsync(input.UnitId, "inspection.unit_id", context);
        var programmeId = OptionalId(input.ProgrammeId, "inspection.programme_id");
        if (programmeId is { } pid)
        {
            var programme = await db.InspectionProgrammes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid && p.UnitId == unitId, context.CancellationToken)
                ?? throw ApiErrors.InvalidArgument("inspection.programme_id", $"no programme '{pid}' of unit '{unitId}'.");
            if (programme.Kind != kind)
            {
                throw ApiErrors.InvalidArgument("inspection.kind", $"must be the programme's kind ({InspectionStages.Name(programme.Kind)}).");
            }
        }
        else if (InspectionStages.NeedsProgramme(kind))
        {
            throw ApiErrors.InvalidArgument("inspection.programme_id", $"a {InspectionStages.Name(kind)} case belongs to a programme ({InspectionStages.LegalBasis}).");
        }

        var inspection = new Inspection
        {
            Id = Guid.CreateVersion7(),
            UnitId = unitId,
            ProgrammeId = programmeId,
            Kind = kind,
            TargetPersonId = targetPerson,
            TargetUnitId = targetUnit,
            Title = title,
            OpenedOn = openedOn,
            Stage = InspectionStage.Prepare,
        };
        db.Inspections.Add(inspection);
        db.AddIntegrationEvent(new InspectionOpened
        {
            InspectionId = inspection.Id,
            UnitId = unitId,
            Kind = InspectionStages.Name(kind),
            TargetPersonId = targetPerson,
            TargetUnitId = targetUnit,
            OpenedOn = openedOn,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(inspection);
    }

    public override async Task<Proto.Inspection> GetInspection(Proto.GetInspectionRequest request, ServerCallContext context) =>
        ToProto(await VisibleAsync(db.Inspections.AsNoTracking(), RequestIds.Parse(request.Id, "id"), i => i.UnitId, "inspection", context, i => i.TargetPersonId));

    public override async Task<Proto.ListInspectionsResponse> ListInspections(Proto.ListInspectionsRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var query = Reached(db.Inspections.AsNoTracking(), i => i.TargetPersonId);
        if (OptionalId(request.ProgrammeId, "programme_id") is { } programme)
        {
            query = query.Where(i => i.ProgrammeId == programme);
        }

        if (OptionalId(request.TargetPersonId, "target_person_id") is { } person)
        {
            query = query.Where(i => i.TargetPersonId == person);
        }

        var filter = $"{request.ProgrammeId}|{request.TargetPersonId}";
        var (page, next) = await KeysetPage.ByIdAsync(query, i => i.Id, pageSize, request.PageToken, filter, newestFirst: true, context.CancellationToken);
        var response = new Proto.ListInspectionsResponse { NextPageToken = next };
        response.Inspections.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.Inspection> ConductInspection(Proto.ConductInspectionRequest request, ServerCallContext context)
    {
        var inspection = await VisibleAsync(db.Inspections, RequestIds.Parse(request.Id, "id"), i => i.UnitId, "inspection", context, i => i.TargetPersonId);
        var startedOn = RequestDates.Required(request.StartedOn, "started_on");
        Move(inspection, InspectionStage.Conduct, inspection.OpenedOn, startedOn, "started_on");
        inspection.ConductStartedOn = startedOn;
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(inspection);
    }

    public override async Task<Proto.Inspection> ConcludeInspection(Proto.ConcludeInspectionRequest request, ServerCallContext context)
    {
        var inspection = await VisibleAsync(db.Inspections, RequestIds.Parse(request.Id, "id"), i => i.UnitId, "inspection", context, i => i.TargetPersonId);
        var concludedOn = RequestDates.Required(request.ConcludedOn, "concluded_on");
        var findings = RequiredText(request.Findings, "findings");
        Move(inspection, InspectionStage.Conclude, inspection.ConductStartedOn ?? inspection.OpenedOn, concludedOn, "concluded_on");
        inspection.ConcludedOn = concludedOn;
        inspection.Findings = findings;
        inspection.ViolationFound = request.ViolationFound;
        inspection.Recommendations = [.. request.Recommendations.Select(r => r.Trim()).Where(r => r.Length > 0)];
        db.AddIntegrationEvent(new InspectionConcluded
        {
            InspectionId = inspection.Id,
            UnitId = inspection.UnitId,
            TargetPersonId = inspection.TargetPersonId,
            TargetUnitId = inspection.TargetUnitId,
            ConcludedOn = concludedOn,
            ViolationFound = request.ViolationFound,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(inspection);
    }

    private static void Move(Inspection inspection, InspectionStage to, DateOnly since, DateOnly on, string field)
    {
        if (InspectionStages.CheckMove(inspection.Stage, to, since, on) is { } refusal)
        {
            throw inspection.Stage + 1 == to
                ? ApiErrors.InvalidArgument(field, refusal)
                : ApiErrors.FailedPrecondition("inspection-stage", $"inspections/{inspection.Id}", $"{refusal} ({InspectionStages.LegalBasis})");
        }

        inspection.Stage = to;
    }

    private static InspectionKind KindOf(Proto.InspectionKind kind, string field) => kind switch
    {
        Proto.InspectionKind.Regular => InspectionKind.Regular,
        Proto.InspectionKind.Thematic => InspectionKind.Thematic,
        Proto.InspectionKind.SignsOfViolation => InspectionKind.SignsOfViolation,
        _ => throw ApiErrors.InvalidArgument(field, "is required: REGULAR, THEMATIC or SIGNS_OF_VIOLATION."),
    };

    private static Proto.InspectionProgramme ToProto(InspectionProgramme programme) => new()
    {
        Id = programme.Id.ToString(),
        UnitId = programme.UnitId,
        Year = programme.Year,
        Title = programme.Title,
        Kind = (Proto.InspectionKind)programme.Kind,
    };

    private static Proto.Inspection ToProto(Inspection inspection)
    {
        var proto = new Proto.Inspection
        {
            Id = inspection.Id.ToString(),
            UnitId = inspection.UnitId,
            ProgrammeId = inspection.ProgrammeId?.ToString() ?? "",
            Kind = (Proto.InspectionKind)inspection.Kind,
            TargetPersonId = inspection.TargetPersonId?.ToString() ?? "",
            TargetUnitId = inspection.TargetUnitId ?? "",
            Title = inspection.Title,
            OpenedOn = RequestDates.Format(inspection.OpenedOn),
            Stage = (Proto.InspectionStage)inspection.Stage,
            ConductStartedOn = RequestDates.Format(inspection.ConductStartedOn),
            ConcludedOn = RequestDates.Format(inspection.ConcludedOn),
            Findings = inspection.Findings ?? "",
            ViolationFound = inspection.ViolationFound,
        };
        proto.Recommendations.AddRange(inspection.Recommendations);
        return proto;
    }
}
