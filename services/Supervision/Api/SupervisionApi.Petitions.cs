using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using NgheAn.Supervision.Data;
using NgheAn.Supervision.Domain;
using Proto = NgheAn.Contracts.Supervision.V1;

namespace NgheAn.Supervision.Api;

public sealed partial class SupervisionApi
{
    public override async Task<Proto.Petition> CreatePetition(Proto.CreatePetitionRequest request, ServerCallContext context)
    {
        var input = Required(request.Petition, "petition");
        var kind = input.Kind switch
        {
            Proto.PetitionKind.Reflection => PetitionKind.Reflection,
            Proto.PetitionKind.Recommendation => PetitionKind.Recommendation,
            Proto.PetitionKind.Complaint => PetitionKind.Complaint,
            Proto.PetitionKind.Denunciation => PetitionKind.Denunciation,
            _ => throw ApiErrors.InvalidArgument("petition.kind", "is required: REFLECTION, RECOMMENDATION, COMPLAINT or DENUNCIATION."),
        };
        var source = input.Source switch
        {
            Proto.PetitionSource.Citizen => PetitionSource.Citizen,
            Proto.PetitionSource.FatherlandFront => PetitionSource.FatherlandFront,
            Proto.PetitionSource.MassOrganisation => PetitionSource.MassOrganisation,
            _ => throw ApiErrors.InvalidArgument("petition.source", "is required: CITIZEN, FATHERLAND_FRONT or MASS_ORGANISATION."),
        };
        var summary = RequiredText(input.Summary, "petition.summary");
        var receivedOn = RequestDates.Required(input.ReceivedOn, "petition.received_on");
        if (receivedOn > clock.Today())
        {
            throw ApiErrors.InvalidArgument("petition.received_on", "must not be in the future.");
        }

        var submitter = input.Submitter;
        if (source == PetitionSource.Citizen && string.IsNullOrWhiteSpace(submitter?.Name))
        {
            throw ApiErrors.InvalidArgument("petition.submitter.name", "is required for a citizen's petition.");
        }

        var unitId = await WritableUnitAsync(input.UnitId, "petition.unit_id", context);
        var (acceptanceDue, acceptanceRule) = PetitionClocks.Default.AcceptanceDue(receivedOn);
        var petition = new Petition
        {
            Id = Guid.CreateVersion7(),
            UnitId = unitId,
            ReceivingUnitId = unitId,
            Kind = kind,
            Source = source,
            Summary = summary,
            ReceivedOn = receivedOn,
            SubmitterName = Trimmed(submitter?.Name),
            SubmitterAddress = Trimmed(submitter?.Address),
            SubmitterPhone = Trimmed(submitter?.Phone),
            SubmitterIdNumber = Trimmed(submitter?.IdNumber),
            SubjectPersonId = OptionalId(input.SubjectPersonId, "petition.subject_person_id"),
            AcceptanceDue = acceptanceDue,
            DueOn = acceptanceDue,
            RuleIds = [acceptanceRule.Id],
        };
        db.Petitions.Add(petition);
        db.AddIntegrationEvent(new PetitionReceived
        {
            PetitionId = petition.Id,
            UnitId = unitId,
            Kind = EventName(kind),
            Source = source switch
            {
                PetitionSource.Citizen => "citizen",
                PetitionSource.FatherlandFront => "fatherland-front",
                _ => "mass-organisation",
            },
            ReceivedOn = receivedOn,
            SubjectPersonId = petition.SubjectPersonId,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(petition);
    }

    public override async Task<Proto.Petition> GetPetition(Proto.GetPetitionRequest request, ServerCallContext context) =>
        ToProto(await VisibleAsync(db.Petitions.AsNoTracking(), RequestIds.Parse(request.Id, "id"), p => p.UnitId, "petition", context));

    public override async Task<Proto.ListPetitionsResponse> ListPetitions(Proto.ListPetitionsRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var query = Reached(db.Petitions.AsNoTracking());
        if (request.OpenOnly)
        {
            query = query.Where(p => p.ResolvedOn == null);
        }

        var (page, next) = await KeysetPage.ByIdAsync(query, p => p.Id, pageSize, request.PageToken, $"{request.OpenOnly}", newestFirst: true, context.CancellationToken);
        var response = new Proto.ListPetitionsResponse { NextPageToken = next };
        response.Petitions.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.Petition> AcceptPetition(Proto.AcceptPetitionRequest request, ServerCallContext context)
    {
        var petition = await OpenPetitionAsync(request.Id, context);
        var acceptedOn = RequestDates.Required(request.AcceptedOn, "accepted_on");
        if (petition.AcceptedOn is { } already)
        {
            throw ApiErrors.FailedPrecondition("petition-accepted", $"petitions/{petition.Id}", $"The notice of acceptance was already sent on {already:yyyy-MM-dd}.");
        }

        if (acceptedOn < petition.ReceivedOn || acceptedOn > clock.Today())
        {
            throw ApiErrors.InvalidArgument("accepted_on", $"must be between the day it was received ({petition.ReceivedOn:yyyy-MM-dd}) and today.");
        }

        if (request.Complex && petition.Kind != PetitionKind.Complaint)
        {
            throw ApiErrors.InvalidArgument("complex", $"only a complaint has a longer time when complex ({PetitionClocks.ComplaintRule.LegalBasis}).");
        }

        petition.AcceptedOn = acceptedOn;
        petition.Complex = request.Complex;
        Reclock(petition);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(petition);
    }

    public override async Task<Proto.Petition> AssignPetition(Proto.AssignPetitionRequest request, ServerCallContext context)
    {
        var petition = await OpenPetitionAsync(request.Id, context);
        petition.UnitId = await WritableUnitAsync(RequiredText(request.UnitId, "unit_id"), "unit_id", context);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(petition);
    }

    public override async Task<Proto.Petition> ExtendPetition(Proto.ExtendPetitionRequest request, ServerCallContext context)
    {
        var petition = await OpenPetitionAsync(request.Id, context);
        var input = Required(request.Extension, "extension");
        var decidedOn = RequestDates.Required(input.DecidedOn, "extension.decided_on");
        var number = RequiredText(input.DecisionNumber, "extension.decision_number");
        if (petition.AcceptedOn is not { } acceptedOn || petition.Kind != PetitionKind.Denunciation)
        {
            throw ApiErrors.FailedPrecondition("petition-extension", $"petitions/{petition.Id}",
                $"Only an accepted denunciation's resolution can be extended ({PetitionClocks.DenunciationRule.LegalBasis}).");
        }

        if (decidedOn < acceptedOn || decidedOn > petition.ResolutionDue)
        {
            throw ApiErrors.InvalidArgument("extension.decided_on", $"must be between the acceptance ({acceptedOn:yyyy-MM-dd}) and the deadline it extends ({petition.ResolutionDue:yyyy-MM-dd}).");
        }

        var allowed = PetitionClocks.Denunciation.InForceOn(acceptedOn).Values.MaxExtensions;
        if (petition.Extensions.Count >= allowed)
        {
            throw ApiErrors.FailedPrecondition("petition-extension", $"petitions/{petition.Id}",
                $"{PetitionClocks.DenunciationRule.LegalBasis} allows {allowed} written extension(s); {petition.Extensions.Count} already granted.");
        }

        petition.Extensions = [.. petition.Extensions, new PetitionExtension { DecidedOn = decidedOn, DecisionNumber = number }];
        Reclock(petition);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(petition);
    }

    public override async Task<Proto.Petition> ResolvePetition(Proto.ResolvePetitionRequest request, ServerCallContext context)
    {
        var petition = await OpenPetitionAsync(request.Id, context);
        var resolvedOn = RequestDates.Required(request.ResolvedOn, "resolved_on");
        var replySentOn = RequestDates.Required(request.ReplySentOn, "reply_sent_on");
        var reply = RequiredText(request.Reply, "reply");
        if (resolvedOn < petition.ReceivedOn || resolvedOn > clock.Today())
        {
            throw ApiErrors.InvalidArgument("resolved_on", $"must be between the day it was received ({petition.ReceivedOn:yyyy-MM-dd}) and today.");
        }

        if (replySentOn < resolvedOn || replySentOn > clock.Today())
        {
            throw ApiErrors.InvalidArgument("reply_sent_on", "must be between the resolution and today.");
        }

        petition.ResolvedOn = resolvedOn;
        petition.ReplySentOn = replySentOn;
        petition.Reply = reply;
        db.AddIntegrationEvent(new PetitionResolved
        {
            PetitionId = petition.Id,
            UnitId = petition.UnitId,
            Kind = EventName(petition.Kind),
            ResolvedOn = resolvedOn,
            SubjectPersonId = petition.SubjectPersonId,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(petition);
    }

    /// <summary>Petitions of the units overdue on at least one day of the month.</summary>
    private async Task<IEnumerable<Proto.OverduePetition>> OverdueInMonthAsync(List<string> units, int year, int month, CancellationToken cancellationToken)
    {
        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var today = clock.Today();
        var candidates = await db.Petitions.AsNoTracking()
            .Where(p => units.Contains(p.UnitId) && p.DueOn < last && (p.ResolvedOn == null || p.ResolvedOn > first))
            .OrderBy(p => p.DueOn).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.UnitId, p.Kind, p.DueOn, p.ResolvedOn })
            .ToListAsync(cancellationToken);
        return candidates
            .Where(p => PetitionClocks.OverdueDuring(p.DueOn, p.ResolvedOn, year, month, today))
            .Select(p => new Proto.OverduePetition
            {
                PetitionId = p.Id.ToString(),
                UnitId = p.UnitId,
                Kind = (Proto.PetitionKind)p.Kind,
                DueDate = RequestDates.Format(p.DueOn),
                ResolvedOn = RequestDates.Format(p.ResolvedOn),
            });
    }

    private async Task<Petition> OpenPetitionAsync(string id, ServerCallContext context)
    {
        var petition = await VisibleAsync(db.Petitions, RequestIds.Parse(id, "id"), p => p.UnitId, "petition", context);
        return petition.ResolvedOn is { } resolved
            ? throw ApiErrors.FailedPrecondition("petition-resolved", $"petitions/{petition.Id}", $"The petition was resolved on {resolved:yyyy-MM-dd}.")
            : petition;
    }

    /// <summary>Recomputes the resolution deadline and the one that runs now from the acceptance, complexity and extensions.</summary>
    private static void Reclock(Petition petition)
    {
        var (due, rule) = petition.AcceptedOn is { } acceptedOn
            ? PetitionClocks.Default.ResolutionDue(petition.Kind, acceptedOn, petition.Complex, petition.Extensions.Count)
            : (null, null);
        petition.ResolutionDue = due;
        petition.DueOn = PetitionClocks.CurrentDue(petition.AcceptanceDue, petition.AcceptedOn, due);
        petition.RuleIds = [PetitionClocks.AcceptanceWorkingDays.InForceOn(petition.ReceivedOn).Version.Id, .. rule is null ? [] : new[] { rule.Id }];
    }

    private Proto.Petition ToProto(Petition petition)
    {
        var proto = new Proto.Petition
        {
            Id = petition.Id.ToString(),
            UnitId = petition.UnitId,
            Kind = (Proto.PetitionKind)petition.Kind,
            Source = (Proto.PetitionSource)petition.Source,
            Summary = petition.Summary,
            ReceivedOn = RequestDates.Format(petition.ReceivedOn),
            Submitter = new Proto.Submitter
            {
                Name = petition.SubmitterName ?? "",
                Address = petition.SubmitterAddress ?? "",
                Phone = petition.SubmitterPhone ?? "",
                IdNumber = petition.SubmitterIdNumber ?? "",
            },
            SubjectPersonId = petition.SubjectPersonId?.ToString() ?? "",
            Status = petition.ResolvedOn is not null ? Proto.PetitionStatus.Resolved
                : petition.AcceptedOn is not null ? Proto.PetitionStatus.Accepted : Proto.PetitionStatus.Received,
            AcceptanceDue = RequestDates.Format(petition.AcceptanceDue),
            AcceptedOn = RequestDates.Format(petition.AcceptedOn),
            Complex = petition.Complex,
            ResolutionDue = RequestDates.Format(petition.ResolutionDue),
            DueDate = RequestDates.Format(petition.DueOn),
            Overdue = PetitionClocks.IsOverdue(petition.DueOn, petition.ResolvedOn, clock.Today()),
            ResolvedOn = RequestDates.Format(petition.ResolvedOn),
            ReplySentOn = RequestDates.Format(petition.ReplySentOn),
            Reply = petition.Reply ?? "",
        };
        proto.Extensions.AddRange(petition.Extensions.Select(e => new Proto.PetitionExtension { DecidedOn = RequestDates.Format(e.DecidedOn), DecisionNumber = e.DecisionNumber }));
        proto.Rules.AddRange(RulesOf(petition).Select(Applied));
        return proto;
    }

    private static IEnumerable<NgheAn.ServiceDefaults.Rules.RuleVersion> RulesOf(Petition petition) =>
        new[] { PetitionClocks.AcceptanceRule, PetitionClocks.ComplaintRule, PetitionClocks.DenunciationRule }.Where(r => petition.RuleIds.Contains(r.Id));

    /// <summary>The kind as events name it: reflection, recommendation, complaint or denunciation.</summary>
    public static string EventName(PetitionKind kind) => kind.ToString().ToLowerInvariant();

    private static string? Trimmed(string? text) => text?.Trim() is { Length: > 0 } t ? t : null;
}
