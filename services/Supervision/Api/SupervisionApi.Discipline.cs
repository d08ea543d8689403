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
    public override async Task<Proto.Discipline> CreateDiscipline(Proto.CreateDisciplineRequest request, ServerCallContext context)
    {
        var input = Required(request.Discipline, "discipline");
        var subject = input.Subject switch
        {
            Proto.DisciplineSubject.FullMember => DisciplineSubject.FullMember,
            Proto.DisciplineSubject.ProbationaryMember => DisciplineSubject.ProbationaryMember,
            Proto.DisciplineSubject.Organisation => DisciplineSubject.Organisation,
            _ => throw ApiErrors.InvalidArgument("discipline.subject", "is required: FULL_MEMBER, PROBATIONARY_MEMBER or ORGANISATION."),
        };
        var form = FormOf(input.Form, "discipline.form") ?? throw ApiErrors.InvalidArgument("discipline.form", "is required.");
        var decisionDate = RequestDates.Required(input.DecisionDate, "discipline.decision_date");
        var personId = OptionalId(input.PersonId, "discipline.person_id");
        if (subject == DisciplineSubject.Organisation ? personId is not null : personId is null)
        {
            throw ApiErrors.InvalidArgument("discipline.person_id", subject == DisciplineSubject.Organisation
                ? "is not given for an organisation: unit_id names the organisation disciplined."
                : "is required for a member.");
        }

        if (DisciplineRules.Check(subject, form, decisionDate, input.HoldsPosition) is { } refusal)
        {
            throw Refused("discipline.", refusal);
        }

        if (decisionDate > clock.Today())
        {
            throw ApiErrors.InvalidArgument("discipline.decision_date", "must not be in the future.");
        }

        // Checked against CadreWork's people when the copy knows the person (it may lag a new registration).
        if (personId is { } known && await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == known, context.CancellationToken) is { } member
            && DisciplineRules.CheckMembership(subject, member.Membership, decisionDate) is { } mismatch)
        {
            throw Refused("discipline.", mismatch);
        }

        var (formsRule, _) = DisciplineRules.Forms.InForceOn(decisionDate);
        var (endsOn, effectRule) = DisciplineRules.EffectEnds(form, decisionDate);
        var discipline = new Discipline
        {
            Id = Guid.CreateVersion7(),
            UnitId = await WritableUnitAsync(input.UnitId, "discipline.unit_id", context),
            Subject = subject,
            PersonId = personId,
            HoldsPosition = input.HoldsPosition,
            Form = form,
            DecisionDate = decisionDate,
            DecisionNumber = input.DecisionNumber.Trim() is { Length: > 0 } number ? number : null,
            Reason = input.Reason.Trim() is { Length: > 0 } reason ? reason : null,
            SelfDetectedAndRemedied = input.SelfDetectedAndRemedied,
            FormsRuleId = formsRule.Id,
            EffectRuleId = effectRule.Id,
            EffectEndsOn = endsOn,
        };
        db.Disciplines.Add(discipline);
        if (personId is { } person)
        {
            db.AddIntegrationEvent(new DisciplineImposed
            {
                DisciplineId = discipline.Id,
                PersonId = person,
                UnitId = discipline.UnitId,
                Form = form.ToString(),
                DecisionDate = decisionDate,
                DecisionNumber = discipline.DecisionNumber,
                SelfDetectedAndRemedied = discipline.SelfDetectedAndRemedied,
            });
        }

        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(discipline);
    }

    public override async Task<Proto.Discipline> GetDiscipline(Proto.GetDisciplineRequest request, ServerCallContext context) =>
        ToProto(await VisibleAsync(db.Disciplines.AsNoTracking(), RequestIds.Parse(request.Id, "id"), d => d.UnitId, "discipline", context, d => d.PersonId));

    public override async Task<Proto.ListDisciplinesResponse> ListDisciplines(Proto.ListDisciplinesRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var query = Reached(db.Disciplines.AsNoTracking(), d => d.PersonId);
        if (OptionalId(request.PersonId, "person_id") is { } person)
        {
            query = query.Where(d => d.PersonId == person);
        }

        var (page, next) = await KeysetPage.ByIdAsync(query, d => d.Id, pageSize, request.PageToken, request.PersonId, newestFirst: true, context.CancellationToken);
        var response = new Proto.ListDisciplinesResponse { NextPageToken = next };
        response.Disciplines.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.Discipline> DecideDisciplineAppeal(Proto.DecideDisciplineAppealRequest request, ServerCallContext context)
    {
        var discipline = await VisibleAsync(db.Disciplines, RequestIds.Parse(request.Id, "id"), d => d.UnitId, "discipline", context, d => d.PersonId);
        var outcome = request.Outcome switch
        {
            Proto.AppealOutcome.Upheld => AppealOutcome.Upheld,
            Proto.AppealOutcome.Changed => AppealOutcome.Changed,
            Proto.AppealOutcome.Annulled => AppealOutcome.Annulled,
            _ => throw ApiErrors.InvalidArgument("outcome", "is required: UPHELD, CHANGED or ANNULLED."),
        };
        var newForm = FormOf(request.Form, "form");
        var decidedOn = RequestDates.Required(request.DecidedOn, "decided_on");
        if (discipline.AppealOutcome is not null)
        {
            throw ApiErrors.FailedPrecondition("appeal-decided", $"disciplines/{discipline.Id}",
                $"The appeal was already decided on {discipline.AppealDecidedOn:yyyy-MM-dd}.");
        }

        if (DisciplineRules.CheckAppeal(discipline.Subject, discipline.Form, outcome, newForm, discipline.DecisionDate, decidedOn, discipline.HoldsPosition) is { } refusal)
        {
            throw Refused("", refusal);
        }

        discipline.AppealOutcome = outcome;
        discipline.AppealDecidedOn = decidedOn;
        discipline.AppealDecisionNumber = request.DecisionNumber.Trim() is { Length: > 0 } number ? number : null;
        if (outcome == AppealOutcome.Changed)
        {
            discipline.OriginalForm = discipline.Form;
            discipline.Form = newForm!.Value;
            discipline.EffectEndsOn = DisciplineRules.EffectEnds(discipline.Form, discipline.DecisionDate).EndsOn;
        }
        else if (outcome == AppealOutcome.Annulled)
        {
            discipline.EffectEndsOn = null; // nothing left to expire
        }

        if (discipline.PersonId is { } person)
        {
            db.AddIntegrationEvent(new DisciplineChanged
            {
                DisciplineId = discipline.Id,
                PersonId = person,
                UnitId = discipline.UnitId,
                Outcome = outcome switch
                {
                    AppealOutcome.Upheld => DisciplineChanged.Upheld,
                    AppealOutcome.Changed => DisciplineChanged.Changed,
                    _ => DisciplineChanged.Annulled,
                },
                Form = outcome == AppealOutcome.Annulled ? null : discipline.Form.ToString(),
                DecidedOn = decidedOn,
                DecisionNumber = discipline.AppealDecisionNumber,
            });
        }

        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(discipline);
    }

    private static RpcException Refused(string prefix, DisciplineRefusal refusal) =>
        ApiErrors.InvalidArgument(prefix + refusal.Field, $"{refusal.Message} ({refusal.LegalBasis})");

    private static DisciplineForm? FormOf(Proto.DisciplineForm form, string field) => form switch
    {
        Proto.DisciplineForm.Unspecified => null,
        Proto.DisciplineForm.Reprimand => DisciplineForm.Reprimand,
        Proto.DisciplineForm.Warning => DisciplineForm.Warning,
        Proto.DisciplineForm.Dismissal => DisciplineForm.Dismissal,
        Proto.DisciplineForm.Expulsion => DisciplineForm.Expulsion,
        Proto.DisciplineForm.Dissolution => DisciplineForm.Dissolution,
        _ => throw ApiErrors.InvalidArgument(field, $"unknown form {form}."),
    };

    private static Proto.Discipline ToProto(Discipline discipline)
    {
        var proto = new Proto.Discipline
        {
            Id = discipline.Id.ToString(),
            UnitId = discipline.UnitId,
            Subject = (Proto.DisciplineSubject)discipline.Subject,
            PersonId = discipline.PersonId?.ToString() ?? "",
            HoldsPosition = discipline.HoldsPosition,
            Form = (Proto.DisciplineForm)discipline.Form,
            DecisionDate = RequestDates.Format(discipline.DecisionDate),
            DecisionNumber = discipline.DecisionNumber ?? "",
            Reason = discipline.Reason ?? "",
            SelfDetectedAndRemedied = discipline.SelfDetectedAndRemedied,
            EffectEndsOn = RequestDates.Format(discipline.EffectEndsOn),
            ExpiredOn = RequestDates.Format(discipline.ExpiredOn),
            OriginalForm = (Proto.DisciplineForm)(int)(discipline.OriginalForm ?? 0),
            AppealOutcome = (Proto.AppealOutcome)(int)(discipline.AppealOutcome ?? 0),
            AppealDecidedOn = RequestDates.Format(discipline.AppealDecidedOn),
        };
        proto.Rules.Add(Applied(DisciplineRules.Forms.InForceOn(discipline.DecisionDate).Version));
        proto.Rules.Add(Applied(DisciplineRules.EffectEnds(discipline.Form, discipline.DecisionDate).Rule));
        return proto;
    }
}
