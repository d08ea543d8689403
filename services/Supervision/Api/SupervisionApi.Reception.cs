using System.Globalization;
using Grpc.Core;
using NgheAn.Access.Rules;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
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
    public override async Task<Proto.ReceptionSchedule> CreateReceptionSchedule(Proto.CreateReceptionScheduleRequest request, ServerCallContext context)
    {
        var input = Required(request.Schedule, "schedule");
        var head = RequiredText(input.HeadPersonId, "schedule.head_person_id");
        var (year, month) = ParseMonth(input.Month, "schedule.month");
        var planned = input.PlannedDays.Select((d, i) => RequestDates.Required(d, $"schedule.planned_days[{i}]")).Distinct().Order().ToList();
        if (planned.Where(d => d.Year != year || d.Month != month).Select(d => (DateOnly?)d).FirstOrDefault() is { } outside)
        {
            throw ApiErrors.InvalidArgument("schedule.planned_days", $"{outside:yyyy-MM-dd} is not in {input.Month}.");
        }

        var unitId = RequiredText(input.UnitId, "schedule.unit_id");
        var unit = await KnownUnitAsync(unitId, "schedule.unit_id", context.CancellationToken);
        var level = unit.Level switch
        {
            "Province" => HeadLevel.Province,
            "Commune" => HeadLevel.Commune,
            _ => throw ApiErrors.InvalidArgument("schedule.unit_id",
                $"'{unitId}' is a {unit.Level} unit: the duty to receive citizens is on the heads of province and commune committees ({ReceptionCompliance.DaysPerMonth.InForceOn(new DateOnly(year, month, 1)).Version.LegalBasis})."),
        };
        await access.DemandRecordAsync(unitId, null, "unit", unitId, context.CancellationToken);

        var schedule = new ReceptionSchedule
        {
            Id = Guid.CreateVersion7(),
            UnitId = unitId,
            HeadPersonId = head,
            HeadName = input.HeadName.Trim() is { Length: > 0 } name ? name : null,
            Level = level,
            Year = year,
            Month = month,
            PlannedDays = planned,
        };
        db.ReceptionSchedules.Add(schedule);
        await db.SaveChangesOrAsync(() => ApiErrors.AlreadyExists("reception-schedule", $"{unitId}/{head}/{input.Month}",
            $"Head '{head}' of unit '{unitId}' already has a schedule for {input.Month}."), context.CancellationToken, SupervisionDbContext.ScheduleIndex);
        return ToProto(schedule);
    }

    public override async Task<Proto.ListReceptionSchedulesResponse> ListReceptionSchedules(Proto.ListReceptionSchedulesRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var query = Reached(db.ReceptionSchedules.AsNoTracking());
        if (request.Month.Length > 0)
        {
            var (year, month) = ParseMonth(request.Month, "month");
            query = query.Where(s => s.Year == year && s.Month == month);
        }

        var (page, next) = await KeysetPage.ByIdAsync(query, s => s.Id, pageSize, request.PageToken, request.Month, newestFirst: true, context.CancellationToken);
        var response = new Proto.ListReceptionSchedulesResponse { NextPageToken = next };
        response.Schedules.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.ReceptionSession> CreateReceptionSession(Proto.CreateReceptionSessionRequest request, ServerCallContext context)
    {
        var schedule = await VisibleAsync(db.ReceptionSchedules.AsNoTracking(), RequestIds.Parse(request.ScheduleId, "schedule_id"), s => s.UnitId, "reception-schedule", context);
        var input = Required(request.Session, "session");
        var heldOn = RequestDates.Required(input.HeldOn, "session.held_on");
        if (heldOn.Year != schedule.Year || heldOn.Month != schedule.Month)
        {
            throw ApiErrors.InvalidArgument("session.held_on", $"must be in the schedule's month {schedule.Year:D4}-{schedule.Month:D2}.");
        }

        if (heldOn > clock.Today())
        {
            throw ApiErrors.InvalidArgument("session.held_on", "a session is recorded once held: the date must not be in the future.");
        }

        var session = new ReceptionSession
        {
            Id = Guid.CreateVersion7(),
            ScheduleId = schedule.Id,
            UnitId = schedule.UnitId,
            HeldOn = heldOn,
            Location = input.Location.Trim() is { Length: > 0 } location ? location : null,
            Cases = [.. input.Cases.Select((c, i) => new ReceptionCase
            {
                Summary = RequiredText(c.Summary, $"session.cases[{i}].summary"),
                PetitionId = OptionalId(c.PetitionId, $"session.cases[{i}].petition_id"),
            })],
        };
        db.ReceptionSessions.Add(session);
        db.AddIntegrationEvent(new ReceptionHeld
        {
            SessionId = session.Id,
            ScheduleId = schedule.Id,
            UnitId = schedule.UnitId,
            HeadPersonId = schedule.HeadPersonId,
            HeldOn = heldOn,
            Cases = session.Cases.Count,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(session);
    }

    public override async Task<Proto.ListReceptionSessionsResponse> ListReceptionSessions(Proto.ListReceptionSessionsRequest request, ServerCallContext context)
    {
        var schedule = await VisibleAsync(db.ReceptionSchedules.AsNoTracking(), RequestIds.Parse(request.ScheduleId, "schedule_id"), s => s.UnitId, "reception-schedule", context);
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var query = db.ReceptionSessions.AsNoTracking().Where(s => s.ScheduleId == schedule.Id);
        var (page, next) = await KeysetPage.ByIdAsync(query, s => s.Id, pageSize, request.PageToken, request.ScheduleId, newestFirst: false, context.CancellationToken);
        var response = new Proto.ListReceptionSessionsResponse { NextPageToken = next };
        response.Sessions.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.CellAssignment> CreateCellAssignment(Proto.CreateCellAssignmentRequest request, ServerCallContext context)
    {
        var input = Required(request.Assignment, "assignment");
        var member = RequiredText(input.MemberPersonId, "assignment.member_person_id");
        var unitId = await WritableUnitAsync(RequiredText(input.UnitId, "assignment.unit_id"), "assignment.unit_id", context);
        var cellId = RequiredText(input.CellUnitId, "assignment.cell_unit_id");
        var cell = await KnownUnitAsync(cellId, "assignment.cell_unit_id", context.CancellationToken);
        var committee = await KnownUnitAsync(unitId, "assignment.unit_id", context.CancellationToken);
        if (cell.Id == committee.Id || !Reach.IsWithin(cell.Path, committee.Path))
        {
            throw ApiErrors.InvalidArgument("assignment.cell_unit_id", $"'{cellId}' is not a unit below '{unitId}'.");
        }

        var assignment = new CellAssignment
        {
            Id = Guid.CreateVersion7(),
            UnitId = unitId,
            MemberPersonId = member,
            MemberName = input.MemberName.Trim() is { Length: > 0 } name ? name : null,
            CellUnitId = cellId,
        };
        db.CellAssignments.Add(assignment);
        await db.SaveChangesOrAsync(() => ApiErrors.AlreadyExists("cell-assignment", $"{member}/{cellId}",
            $"Member '{member}' is already assigned to '{cellId}'."), context.CancellationToken, SupervisionDbContext.AssignmentIndex);
        return ToProto(assignment);
    }

    public override async Task<Proto.CellAttendance> CreateCellAttendance(Proto.CreateCellAttendanceRequest request, ServerCallContext context)
    {
        var assignment = await VisibleAsync(db.CellAssignments.AsNoTracking(), RequestIds.Parse(request.AssignmentId, "assignment_id"), a => a.UnitId, "cell-assignment", context);
        var input = Required(request.Attendance, "attendance");
        var date = RequestDates.Required(input.MeetingDate, "attendance.meeting_date");
        if (date > clock.Today())
        {
            throw ApiErrors.InvalidArgument("attendance.meeting_date", "must not be in the future.");
        }

        var attendance = new CellAttendance { Id = Guid.CreateVersion7(), AssignmentId = assignment.Id, UnitId = assignment.UnitId, MeetingDate = date };
        db.CellAttendances.Add(attendance);
        await db.SaveChangesAsync(context.CancellationToken);
        return new Proto.CellAttendance { Id = attendance.Id.ToString(), AssignmentId = assignment.Id.ToString(), MeetingDate = RequestDates.Format(date) };
    }

    public override async Task<Proto.MonthlyComplianceReport> GetMonthlyComplianceReport(Proto.GetMonthlyComplianceReportRequest request, ServerCallContext context)
    {
        var (year, month) = ParseMonth(request.Month, "month");
        var units = await ReportedUnitsAsync(request.UnitId, context);
        var schedules = await db.ReceptionSchedules.AsNoTracking().Include(s => s.Sessions)
            .Where(s => s.Year == year && s.Month == month && units.Contains(s.UnitId))
            .OrderBy(s => s.UnitId).ThenBy(s => s.HeadPersonId)
            .ToListAsync(context.CancellationToken);
        var report = new Proto.MonthlyComplianceReport { UnitId = request.UnitId, Month = request.Month };
        var names = await KnownNamesAsync(schedules.Where(s => s.HeadName is null).Select(s => s.HeadPersonId), context.CancellationToken);
        foreach (var schedule in schedules)
        {
            var record = ReceptionCompliance.Month(schedule.HeadPersonId, schedule.Level, year, month, schedule.Sessions.Select(s => s.HeldOn));
            report.Receptions.Add(new Proto.ReceptionCompliance
            {
                ScheduleId = schedule.Id.ToString(),
                UnitId = schedule.UnitId,
                HeadPersonId = schedule.HeadPersonId,
                HeadName = schedule.HeadName ?? names.GetValueOrDefault(schedule.HeadPersonId, ""),
                Level = (Proto.HeadLevel)schedule.Level,
                RequiredDays = record.Required,
                HeldDays = record.Held,
                Met = record.Compliant,
                Rule = Applied(record.Rule),
            });
        }

        report.OverduePetitions.AddRange(await OverdueInMonthAsync(units, year, month, context.CancellationToken));
        report.MissedTaskOccurrences.AddRange(await MissedInMonthAsync(units, year, month, context.CancellationToken));
        return report;
    }

    /// <summary>Recurring tasks' occurrences due in the month, led by a unit of the subtree, that went unreported by their due date.</summary>
    private async Task<IEnumerable<Proto.MissedTaskOccurrence>> MissedInMonthAsync(List<string> units, int year, int month, CancellationToken cancellationToken)
    {
        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var missed = await db.MissedOccurrences.AsNoTracking()
            .Where(m => m.DueDate >= first && m.DueDate <= last)
            .Join(db.TrackedTasks.AsNoTracking().Where(t => t.Recurrence != TrackedTask.OneOff && units.Contains(t.UnitId)), m => m.TaskId, t => t.TaskId, (m, t) => new { m, t })
            .OrderBy(x => x.t.UnitId).ThenBy(x => x.m.DueDate).ThenBy(x => x.t.TaskId)
            .ToListAsync(cancellationToken);
        return missed.Select(x => new Proto.MissedTaskOccurrence
        {
            TaskId = x.t.TaskId.ToString(), Title = x.t.Title, DocumentSymbol = x.t.DocumentSymbol, UnitId = x.t.UnitId,
            Recurrence = x.t.Recurrence, Occurrence = x.m.Occurrence, DueDate = RequestDates.Format(x.m.DueDate),
            ReportedLateOn = RequestDates.Format(x.m.ReportedLateOn),
        });
    }

    public override async Task<Proto.QuarterlyAttendanceReport> GetQuarterlyAttendanceReport(Proto.GetQuarterlyAttendanceReportRequest request, ServerCallContext context)
    {
        var (year, quarter) = ParseQuarter(request.Quarter, "quarter");
        var units = await ReportedUnitsAsync(request.UnitId, context);
        var assignments = await db.CellAssignments.AsNoTracking().Include(a => a.Attendances)
            .Where(a => units.Contains(a.UnitId))
            .ToListAsync(context.CancellationToken);
        var report = new Proto.QuarterlyAttendanceReport { UnitId = request.UnitId, Quarter = request.Quarter };
        var names = await KnownNamesAsync(assignments.Where(a => a.MemberName is null).Select(a => a.MemberPersonId), context.CancellationToken);
        foreach (var member in assignments.GroupBy(a => a.MemberPersonId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var record = ReceptionCompliance.Quarter(member.Key, year, quarter, member.Select(a => a.CellUnitId),
                member.SelectMany(a => a.Attendances.Select(x => (a.CellUnitId, x.MeetingDate))));
            var row = new Proto.MemberAttendance { MemberPersonId = member.Key, MemberName = member.Select(a => a.MemberName).FirstOrDefault(n => n is not null) ?? names.GetValueOrDefault(member.Key, "") };
            row.AssignedCellIds.AddRange(member.Select(a => a.CellUnitId).Order(StringComparer.Ordinal));
            row.MissedCellIds.AddRange(record.MissedCells);
            report.Members.Add(row);
        }

        return report;
    }

    /// <summary>Names from the copy of CadreWork's people, for rows whose writer gave none.</summary>
    private async Task<Dictionary<string, string>> KnownNamesAsync(IEnumerable<string> personIds, CancellationToken cancellationToken)
    {
        var ids = personIds.Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).OfType<Guid>().Distinct().ToList();
        return ids.Count == 0
            ? []
            : (await db.People.AsNoTracking().Where(p => ids.Contains(p.PersonId)).ToListAsync(cancellationToken))
                .ToDictionary(p => p.PersonId.ToString(), p => p.FullName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The ids of the unit's subtree, for a unit the caller may see.</summary>
    private async Task<List<string>> ReportedUnitsAsync(string unitId, ServerCallContext context)
    {
        var unit = await KnownUnitAsync(RequiredText(unitId, "unit_id"), "unit_id", context.CancellationToken);
        if (!await access.ReachesAsync(unit.Id, AccessKind.OwnSubtree, context.CancellationToken))
        {
            throw ApiErrors.PermissionDenied($"Your role and unit do not allow reports of unit '{unit.Id}'.");
        }

        var below = unit.Path + "/%";
        return await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == unit.Id || EF.Functions.Like(u.Path, below))
            .Select(u => u.Id).ToListAsync(context.CancellationToken);
    }

    private static (int Year, int Month) ParseMonth(string text, string field) =>
        DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? (first.Year, first.Month)
            : throw ApiErrors.InvalidArgument(field, $"must be a month YYYY-MM, got '{text}'.");

    private static (int Year, int Quarter) ParseQuarter(string text, string field) =>
        text.Trim().Split("-Q") is [var y, var q] && int.TryParse(y, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100
            && int.TryParse(q, CultureInfo.InvariantCulture, out var quarter) && quarter is >= 1 and <= 4
            ? (year, quarter)
            : throw ApiErrors.InvalidArgument(field, $"must be a quarter such as 2026-Q4, got '{text}'.");

    private static Proto.ReceptionSchedule ToProto(ReceptionSchedule schedule)
    {
        var proto = new Proto.ReceptionSchedule
        {
            Id = schedule.Id.ToString(),
            UnitId = schedule.UnitId,
            HeadPersonId = schedule.HeadPersonId,
            HeadName = schedule.HeadName ?? "",
            Month = $"{schedule.Year:D4}-{schedule.Month:D2}",
            Level = (Proto.HeadLevel)schedule.Level,
        };
        proto.PlannedDays.AddRange(schedule.PlannedDays.Select(RequestDates.Format));
        return proto;
    }

    private static Proto.ReceptionSession ToProto(ReceptionSession session)
    {
        var proto = new Proto.ReceptionSession
        {
            Id = session.Id.ToString(),
            ScheduleId = session.ScheduleId.ToString(),
            HeldOn = RequestDates.Format(session.HeldOn),
            Location = session.Location ?? "",
        };
        proto.Cases.AddRange(session.Cases.Select(c => new Proto.ReceptionCase { Summary = c.Summary, PetitionId = c.PetitionId?.ToString() ?? "" }));
        return proto;
    }

    private static Proto.CellAssignment ToProto(CellAssignment assignment) => new()
    {
        Id = assignment.Id.ToString(),
        UnitId = assignment.UnitId,
        MemberPersonId = assignment.MemberPersonId,
        MemberName = assignment.MemberName ?? "",
        CellUnitId = assignment.CellUnitId,
    };
}
