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

/// <summary>Planning, appointments, transfers and rotations, training: refused by a rule with FAILED_PRECONDITION naming it.</summary>
public sealed partial class CadresApi
{
    public override async Task<Proto.PlanningEntry> CreatePlanningEntry(Proto.CreatePlanningEntryRequest request, ServerCallContext context)
    {
        var input = request.PlanningEntry ?? throw ApiErrors.InvalidArgument("planning_entry", "is required.");
        var date = ApiDates.Required(input.DecisionDate, "planning_entry.decision_date");
        var position = await people.PositionAsync(request.PositionId, "position_id", context.CancellationToken);
        var person = await people.PersonAsync(input.PersonId, "planning_entry.person_id", context.CancellationToken);

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

    public override async Task<Proto.ListPlanningEntriesResponse> ListPlanningEntries(Proto.ListPlanningEntriesRequest request, ServerCallContext context)
    {
        var position = await people.PositionAsync(request.PositionId, "position_id", context.CancellationToken);
        var response = new Proto.ListPlanningEntriesResponse();
        response.NextPageToken = await PageByIdAsync(db.PlanningEntries.AsNoTracking().Where(p => p.PositionId == position.Id), p => p.Id,
            request.PageSize, request.PageToken, $"planning|{position.Id}", p => response.PlanningEntries.Add(ToProto(p)), context.CancellationToken);
        return response;
    }

    public override async Task<Proto.Appointment> CreateAppointment(Proto.CreateAppointmentRequest request, ServerCallContext context)
    {
        var input = request.Appointment ?? throw ApiErrors.InvalidArgument("appointment", "is required.");
        var start = ApiDates.Required(input.StartDate, "appointment.start_date");
        if (input.DecisionNumber is { Length: > 100 })
        {
            throw ApiErrors.InvalidArgument("appointment.decision_number", "must be at most 100 characters.");
        }

        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var position = await people.PositionAsync(input.PositionId, "appointment.position_id", context.CancellationToken);
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

    public override async Task<Proto.ListAppointmentsResponse> ListAppointments(Proto.ListAppointmentsRequest request, ServerCallContext context)
    {
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var positions = await PositionsOfAsync(person.Id, context.CancellationToken);
        var response = new Proto.ListAppointmentsResponse();
        response.NextPageToken = await PageByIdAsync(db.Appointments.AsNoTracking().Where(a => a.PersonId == person.Id), a => a.Id,
            request.PageSize, request.PageToken, $"appointments|{person.Id}", a => response.Appointments.Add(ToProto(a, positions[a.PositionId])), context.CancellationToken);
        return response;
    }

    public override async Task<Proto.Transfer> CreateTransfer(Proto.CreateTransferRequest request, ServerCallContext context)
    {
        var input = request.Transfer ?? throw ApiErrors.InvalidArgument("transfer", "is required.");
        if (input.Kind is not (Proto.TransferKind.Transfer or Proto.TransferKind.Rotation))
        {
            throw ApiErrors.InvalidArgument("transfer.kind", "is required: TRANSFER or ROTATION.");
        }

        var date = ApiDates.Required(input.EffectiveDate, "transfer.effective_date");
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken, track: true);
        await people.DemandUnitAsync(input.ToUnitId, "transfer.to_unit_id", context.CancellationToken);
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

    public override async Task<Proto.ListTransfersResponse> ListTransfers(Proto.ListTransfersRequest request, ServerCallContext context)
    {
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListTransfersResponse();
        response.NextPageToken = await PageByIdAsync(db.Transfers.AsNoTracking().Where(t => t.PersonId == person.Id), t => t.Id,
            request.PageSize, request.PageToken, $"transfers|{person.Id}", t => response.Transfers.Add(ToProto(t)), context.CancellationToken);
        return response;
    }

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

        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var record = new TrainingRecord
        {
            Id = Guid.CreateVersion7(), PersonId = person.Id, Program = program,
            Institution = input.Institution?.Trim() is { Length: > 0 } i ? i : null, StartDate = start, EndDate = end,
        };
        db.TrainingRecords.Add(record);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(record);
    }

    public override async Task<Proto.ListTrainingRecordsResponse> ListTrainingRecords(Proto.ListTrainingRecordsRequest request, ServerCallContext context)
    {
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListTrainingRecordsResponse();
        response.NextPageToken = await PageByIdAsync(db.TrainingRecords.AsNoTracking().Where(t => t.PersonId == person.Id), t => t.Id,
            request.PageSize, request.PageToken, $"training|{person.Id}", t => response.TrainingRecords.Add(ToProto(t)), context.CancellationToken);
        return response;
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

    private static RpcException PlanningDuplicate(Position position, Person person) =>
        ApiErrors.AlreadyExists("planning-entry", $"{position.Id}/{person.Id}", $"Person '{person.Id}' is already planned for position '{position.Name}'.");

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
