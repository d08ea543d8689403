using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Supervision.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Supervision through the gateway: discipline reaching CadreWork over RabbitMQ, petitions' clocks
/// with Supervision's test clock, the submitter's identity by role, and citizen reception compliance.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SupervisionThroughGatewayTests(PlatformFixture platform)
{
    private const string Cell = "chi-bo-khoi-2-truong-vinh";
    private const string Ward = "phuong-truong-vinh";
    private const string OtherWard = "phuong-vinh-hung";
    private const string Commune = "xa-kim-lien";

    private SupervisionService.SupervisionServiceClient Supervision => new(platform.Grpc);

    private CadresService.CadresServiceClient Cadres => new(platform.Grpc);

    private SupervisionService.SupervisionServiceClient As(string role, string unit) =>
        new(platform.GrpcChannelFor(DevelopmentTokens.Create([role], unit, person: $"supervision-{role}-{Guid.NewGuid():N}")));

    // Supervision's "today" in Vietnam, without a moved clock.
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_discipline_imposed_through_Supervision_reaches_CadreWork_and_blocks_appointment_and_planning()
    {
        var person = await Cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Lê Văn Vi Phạm", UnitId = Cell, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1978-02-11", Sex = Sex.Male },
        });
        var position = await Cadres.CreatePositionAsync(new CreatePositionRequest { OrgUnitId = Cell, Position = new Position { Name = $"Phó Bí thư chi bộ {Guid.NewGuid():N}" } });

        var discipline = await Supervision.CreateDisciplineAsync(new CreateDisciplineRequest
        {
            Discipline = new Discipline
            {
                UnitId = Cell, Subject = DisciplineSubject.FullMember, PersonId = person.Id, Form = DisciplineForm.Reprimand,
                DecisionDate = "2026-11-02", DecisionNumber = "21-QĐ/UBKTĐU", Reason = "Vi phạm quy định về những điều đảng viên không được làm",
            },
        });
        Assert.Equal(("2027-11-02", "qd-69-2022"), (discipline.EffectEndsOn, discipline.Rules[0].Id));

        // DisciplineImposed goes out through the outbox and CadreWork records it in the person's file.
        var file = await Eventually.UntilAsync(async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id }), p => p.Disciplines.Count == 1);
        var entry = Assert.Single(file.Disciplines);
        Assert.Equal(("Reprimand", "2026-11-02", "2028-11-02"), (entry.Form, entry.DecisionDate, entry.EligibleFrom));

        var appointment = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateAppointmentAsync(new CreateAppointmentRequest
        {
            PersonId = person.Id,
            Appointment = new Appointment { PositionId = position.Id, StartDate = "2026-12-15" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, appointment.StatusCode);
        Assert.Contains("Quy định 377-QĐ/TW", appointment.Status.Detail);
        Assert.Contains("2028-11-02", appointment.Status.Detail);

        var planning = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreatePlanningEntryAsync(new CreatePlanningEntryRequest
        {
            PositionId = position.Id,
            PlanningEntry = new PlanningEntry { PersonId = person.Id, DecisionDate = "2026-12-01" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, planning.StatusCode);
        Assert.Contains("2028-11-02", planning.Status.Detail);

        // Khai trừ is not a form for a probationary member: refused naming the field, over JSON, nothing written.
        var probationary = Guid.NewGuid().ToString();
        using var refused = await platform.Json.PostAsJsonAsync("/v1/disciplines", new
        {
            unitId = Cell, subject = "DISCIPLINE_SUBJECT_PROBATIONARY_MEMBER", personId = probationary,
            form = "DISCIPLINE_FORM_EXPULSION", decisionDate = "2026-11-20",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("code").GetString());
        Assert.Contains("discipline.form", problem.GetProperty("detail").GetString());
        Assert.Contains("69-QĐ/TW", problem.GetProperty("detail").GetString());
        Assert.Empty((await Supervision.ListDisciplinesAsync(new ListDisciplinesRequest { PersonId = probationary })).Disciplines);

        // Supervision knows the person from CadreWork's PersonRegistered: stated as probationary, a full member is refused.
        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("supervision", "SELECT count(*) FROM people WHERE person_id = @id AND membership = 'Full'", Guid.Parse(person.Id)), n => n == 1));
        using (var mismatch = await platform.Json.PostAsJsonAsync("/v1/disciplines", new
        {
            unitId = Cell, subject = "DISCIPLINE_SUBJECT_PROBATIONARY_MEMBER", personId = person.Id, form = "DISCIPLINE_FORM_WARNING", decisionDate = "2026-11-20",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
            var detail = (await mismatch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("discipline.subject", detail);
            Assert.Contains("a full party member", detail);
        }

        Assert.Single((await Supervision.ListDisciplinesAsync(new ListDisciplinesRequest { PersonId = person.Id })).Disciplines);

        // An appeal that changes the form to one the subject allows is recorded.
        var appealed = await Supervision.DecideDisciplineAppealAsync(new DecideDisciplineAppealRequest
        {
            Id = discipline.Id, Outcome = AppealOutcome.Upheld, DecidedOn = "2026-11-25", DecisionNumber = "30-QĐ/UBKTTU",
        });
        Assert.Equal((AppealOutcome.Upheld, DisciplineForm.Reprimand), (appealed.AppealOutcome, appealed.Form));

        // Twelve months on, the scanner ends the decision's effect once; CadreWork's waiting period still counts from the decision.
        try
        {
            platform.SetClockOffset("supervision", TimeSpan.FromDays(400));
            var expired = await Eventually.UntilAsync(async () => await Supervision.GetDisciplineAsync(new GetDisciplineRequest { Id = discipline.Id }), d => d.ExpiredOn.Length > 0);
            Assert.Equal("2027-11-02", expired.ExpiredOn);
            Assert.Equal(1, await CountOutboxAsync("DisciplineExpired", $"disciplines/{discipline.Id}"));
        }
        finally
        {
            platform.SetClockOffset("supervision", TimeSpan.Zero);
        }

        Assert.Equal("2028-11-02", Assert.Single((await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id })).Disciplines).EligibleFrom);
    }

    [Fact]
    public async Task A_petition_not_resolved_in_time_is_reported_overdue_once_and_appears_in_the_monthly_report()
    {
        var today = Today;
        var complained = Guid.NewGuid(); // the party member the complaint is about
        using var created = await platform.Json.PostAsJsonAsync("/v1/petitions", new
        {
            unitId = Commune, kind = "PETITION_KIND_COMPLAINT", source = "PETITION_SOURCE_CITIZEN",
            summary = "Khiếu nại việc thu hồi đất làm đường liên xóm", receivedOn = Iso(today), subjectPersonId = complained,
            submitter = new { name = "Phan Thị Khiếu", address = "Xóm 1, xã Kim Liên", phone = "0912345678", idNumber = "040180000123" },
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var petitionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // Emulation holds the person's awards while the complaint is open.
        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id AND closed_on IS NULL", complained), n => n == 1));
        var accepted = await Supervision.AcceptPetitionAsync(new AcceptPetitionRequest { Id = petitionId, AcceptedOn = Iso(today) });
        Assert.Equal(PetitionStatus.Accepted, accepted.Status);
        Assert.Contains(accepted.Rules, r => r.Id == "luat-khieu-nai-2011");
        Assert.False(accepted.Overdue);

        var later = today.AddDays(75);
        try
        {
            platform.SetClockOffset("supervision", TimeSpan.FromDays(75));
            var overdue = await Eventually.UntilAsync(async () => await Supervision.GetPetitionAsync(new GetPetitionRequest { Id = petitionId }), p => p.Overdue);
            Assert.True(overdue.Overdue);
            Assert.Equal(accepted.ResolutionDue, overdue.DueDate);

            // PetitionOverdue is written once, however many scans pass, and reaches Directives over RabbitMQ.
            Assert.Equal(1, await Eventually.UntilAsync(() => CountOutboxAsync("PetitionOverdue", $"petitions/{petitionId}"), n => n == 1));
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(1, await CountOutboxAsync("PetitionOverdue", $"petitions/{petitionId}"));
            Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("directives", "SELECT count(*) FROM petitions WHERE petition_id = @id AND overdue_on IS NOT NULL", Guid.Parse(petitionId)), n => n == 1));

            // The month's compliance report of the commune (and of the province above it) lists it.
            var month = later.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var report = await Supervision.GetMonthlyComplianceReportAsync(new GetMonthlyComplianceReportRequest { UnitId = Commune, Month = month });
            var listed = Assert.Single(report.OverduePetitions, p => p.PetitionId == petitionId);
            Assert.Equal((Commune, PetitionKind.Complaint, accepted.ResolutionDue), (listed.UnitId, listed.Kind, listed.DueDate));
            using var province = await platform.Json.GetAsync($"/v1/compliance-reports/nghe-an/months/{month}");
            Assert.Equal(HttpStatusCode.OK, province.StatusCode);
            Assert.Contains(petitionId, await province.Content.ReadAsStringAsync());

            // Another commune's report does not.
            var other = await Supervision.GetMonthlyComplianceReportAsync(new GetMonthlyComplianceReportRequest { UnitId = OtherWard, Month = month });
            Assert.DoesNotContain(other.OverduePetitions, p => p.PetitionId == petitionId);

            // Resolved late: resolution is recorded with the reply, and the month still shows it.
            var resolved = await Supervision.ResolvePetitionAsync(new ResolvePetitionRequest { Id = petitionId, ResolvedOn = Iso(later), ReplySentOn = Iso(later), Reply = "Giữ nguyên quyết định thu hồi đất" });
            Assert.Equal((PetitionStatus.Resolved, false), (resolved.Status, resolved.Overdue));
            Assert.Equal(1, await Eventually.UntilAsync(() => CountOutboxAsync("PetitionResolved", $"petitions/{petitionId}"), n => n == 1));
            Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("directives", "SELECT count(*) FROM petitions WHERE petition_id = @id AND resolved_on IS NOT NULL", Guid.Parse(petitionId)), n => n == 1));
            Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id AND closed_on IS NOT NULL", complained), n => n == 1));

            // A review of a commune's document counts the commune's petitions handled and overdue in its period.
            // Grassroots committees' terms are data the provincial office adds (one may be there already).
            using (var term = await platform.Json.PostAsJsonAsync("/v1/party-terms", new
            {
                level = "ISSUER_LEVEL_GRASSROOTS", name = "nhiệm kỳ 2025-2030", label = "2025-2030", starts = "2025-07-01",
                source = "Đại hội đảng bộ cấp xã nhiệm kỳ 2025–2030 sau sắp xếp đơn vị hành chính (Chỉ thị 45-CT/TW)",
            }))
            {
                Assert.True(term.IsSuccessStatusCode || (await term.Content.ReadAsStringAsync()).Contains("party_term.starts", StringComparison.Ordinal));
            }

            var number = Random.Shared.Next(100_000, 999_999);
            using var document = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol = $"{number}-KH/ĐU", title = "Kế hoạch tiếp công dân", issueDate = Iso(today), unitId = Commune });
            Assert.True(document.IsSuccessStatusCode, await document.Content.ReadAsStringAsync());
            using var published = await platform.Json.PostAsJsonAsync($"/v1/documents/{(await document.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()}/reviews", new
            {
                kind = "REVIEW_KIND_INTERIM", periodStart = Iso(today), periodEnd = Iso(later),
            });
            var review = await published.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(published.IsSuccessStatusCode, review.ToString());
            Assert.True(review.GetProperty("petitionsResolved").GetInt32() >= 1, review.ToString());
            Assert.True(review.GetProperty("petitionsOverdue").GetInt32() >= 1, review.ToString());
        }
        finally
        {
            platform.SetClockOffset("supervision", TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task The_submitters_identity_is_hidden_from_roles_that_do_not_handle_petitions()
    {
        var petition = await Supervision.CreatePetitionAsync(new CreatePetitionRequest
        {
            Petition = new Petition
            {
                UnitId = Ward, Kind = PetitionKind.Denunciation, Source = PetitionSource.Citizen, Summary = "Tố cáo cán bộ nhận tiền của dân", ReceivedOn = Iso(Today),
                Submitter = new Submitter { Name = "Người Tố Cáo", Address = "Khối 2, phường Trường Vinh", Phone = "0987654321", IdNumber = "040190000456" },
            },
        });
        Assert.Equal("Người Tố Cáo", petition.Submitter.Name);

        // The ward's staff handle it and see who sent it.
        var staff = await As(PlatformRoles.UnitStaff, Ward).GetPetitionAsync(new GetPetitionRequest { Id = petition.Id });
        Assert.Equal(("Người Tố Cáo", "040190000456"), (staff.Submitter.Name, staff.Submitter.IdNumber));

        // The emulation council sees the petition but not the submitter, over gRPC and JSON.
        var council = await As(PlatformRoles.EmulationCouncil, "nghe-an").GetPetitionAsync(new GetPetitionRequest { Id = petition.Id });
        Assert.Equal(petition.Summary, council.Summary);
        Assert.Null(council.Submitter);
        using var json = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.Propaganda], "nghe-an", person: "tuyen-giao"));
        var body = await json.GetStringAsync($"/v1/petitions/{petition.Id}");
        Assert.DoesNotContain("Người Tố Cáo", body);
        Assert.DoesNotContain("040190000456", body);
        Assert.DoesNotContain("0987654321", body);

        // Another ward's staff learn nothing of it.
        var foreign = await Assert.ThrowsAsync<RpcException>(() => As(PlatformRoles.UnitStaff, OtherWard).GetPetitionAsync(new GetPetitionRequest { Id = petition.Id }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);

        // Petitions are personal records: a cell below the ward does not reach the ward's, as in CadreWork.
        var below = await Assert.ThrowsAsync<RpcException>(() => As(PlatformRoles.CellSecretary, Cell).GetPetitionAsync(new GetPetitionRequest { Id = petition.Id }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, below.StatusCode);
        Assert.DoesNotContain((await As(PlatformRoles.CellSecretary, Cell).ListPetitionsAsync(new ListPetitionsRequest())).Petitions, p => p.Id == petition.Id);
        Assert.Contains((await As(PlatformRoles.UnitStaff, Ward).ListPetitionsAsync(new ListPetitionsRequest { PageSize = 200 })).Petitions, p => p.Id == petition.Id);

        // A denunciation is extended in writing at most twice.
        await Supervision.AcceptPetitionAsync(new AcceptPetitionRequest { Id = petition.Id, AcceptedOn = Iso(Today) });
        for (var i = 1; i <= 2; i++)
        {
            var extended = await Supervision.ExtendPetitionAsync(new ExtendPetitionRequest { Id = petition.Id, Extension = new PetitionExtension { DecidedOn = Iso(Today), DecisionNumber = $"{i}-QĐ/UBKT" } });
            Assert.Equal(i, extended.Extensions.Count);
        }

        var third = await Assert.ThrowsAsync<RpcException>(() => Supervision.ExtendPetitionAsync(new ExtendPetitionRequest { Id = petition.Id, Extension = new PetitionExtension { DecidedOn = Iso(Today), DecisionNumber = "3-QĐ/UBKT" } }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, third.StatusCode);
        Assert.Contains("Luật Tố cáo 2018", third.Status.Detail);

        // Assigned to another ward, it is that ward's to handle: its staff read it, with the submitter.
        Assert.Equal(OtherWard, (await Supervision.AssignPetitionAsync(new AssignPetitionRequest { Id = petition.Id, UnitId = OtherWard })).UnitId);
        Assert.Equal("Người Tố Cáo", (await As(PlatformRoles.UnitStaff, OtherWard).GetPetitionAsync(new GetPetitionRequest { Id = petition.Id })).Submitter.Name);
        Assert.Equal(1, await CountOutboxAsync("PetitionReceived", $"petitions/{petition.Id}"));
    }

    [Fact]
    public async Task Reception_by_a_commune_head_on_one_day_of_a_month_is_reported_as_not_met()
    {
        var today = Today;
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var communeHead = $"bi-thu-kim-lien-{Guid.NewGuid():N}";
        var provinceHead = $"bi-thu-tinh-{Guid.NewGuid():N}";
        var commune = await Supervision.CreateReceptionScheduleAsync(new CreateReceptionScheduleRequest
        {
            Schedule = new ReceptionSchedule { UnitId = Commune, HeadPersonId = communeHead, HeadName = "Bí thư Đảng ủy xã Kim Liên", Month = month, PlannedDays = { Iso(today) } },
        });
        Assert.Equal(HeadLevel.Commune, commune.Level);
        var province = await Supervision.CreateReceptionScheduleAsync(new CreateReceptionScheduleRequest
        {
            Schedule = new ReceptionSchedule { UnitId = "nghe-an", HeadPersonId = provinceHead, Month = month },
        });
        Assert.Equal(HeadLevel.Province, province.Level);

        var session = await Supervision.CreateReceptionSessionAsync(new CreateReceptionSessionRequest
        {
            ScheduleId = commune.Id,
            Session = new ReceptionSession { HeldOn = Iso(today), Location = "Trụ sở Đảng ủy xã", Cases = { new ReceptionCase { Summary = "Kiến nghị sửa đường xóm 2" } } },
        });
        Assert.Single(session.Cases);
        await Supervision.CreateReceptionSessionAsync(new CreateReceptionSessionRequest { ScheduleId = province.Id, Session = new ReceptionSession { HeldOn = Iso(today) } });
        Assert.Equal(1, await CountOutboxAsync("ReceptionHeld", $"reception-sessions/{session.Id}"));

        // A session outside the schedule's month is refused naming the field.
        var outside = await Assert.ThrowsAsync<RpcException>(() => Supervision.CreateReceptionSessionAsync(new CreateReceptionSessionRequest
        {
            ScheduleId = commune.Id, Session = new ReceptionSession { HeldOn = Iso(today.AddMonths(-3)) },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, outside.StatusCode);
        Assert.Contains("session.held_on", outside.Status.Detail);

        using var response = await platform.Json.GetAsync($"/v1/compliance-reports/nghe-an/months/{month}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rows = report.GetProperty("receptions").EnumerateArray().ToList();
        var communeRow = Assert.Single(rows, r => r.GetProperty("headPersonId").GetString() == communeHead);
        Assert.Equal((2, 1), (communeRow.GetProperty("requiredDays").GetInt32(), communeRow.GetProperty("heldDays").GetInt32()));
        Assert.False(communeRow.TryGetProperty("met", out var met) && met.GetBoolean());
        Assert.Contains("11-QĐi/TW", communeRow.GetProperty("rule").GetProperty("legalBasis").GetString());
        var provinceRow = Assert.Single(rows, r => r.GetProperty("headPersonId").GetString() == provinceHead);
        Assert.Equal((1, 1, true), (provinceRow.GetProperty("requiredDays").GetInt32(), provinceRow.GetProperty("heldDays").GetInt32(), provinceRow.GetProperty("met").GetBoolean()));

        // A Standing Committee member attended one of their two cells in the quarter: the other is a miss.
        var member = $"uv-btv-kim-lien-{Guid.NewGuid():N}";
        var first = await Supervision.CreateCellAssignmentAsync(new CreateCellAssignmentRequest { Assignment = new CellAssignment { UnitId = Commune, MemberPersonId = member, CellUnitId = "chi-bo-xom-1-kim-lien" } });
        await Supervision.CreateCellAssignmentAsync(new CreateCellAssignmentRequest { Assignment = new CellAssignment { UnitId = Commune, MemberPersonId = member, CellUnitId = "chi-bo-xom-2-kim-lien" } });
        await Supervision.CreateCellAttendanceAsync(new CreateCellAttendanceRequest { AssignmentId = first.Id, Attendance = new CellAttendance { MeetingDate = Iso(today) } });
        var quarter = $"{today.Year}-Q{(today.Month - 1) / 3 + 1}";
        var attendance = await Supervision.GetQuarterlyAttendanceReportAsync(new GetQuarterlyAttendanceReportRequest { UnitId = Commune, Quarter = quarter });
        var row = Assert.Single(attendance.Members, m => m.MemberPersonId == member);
        Assert.Equal(["chi-bo-xom-2-kim-lien"], row.MissedCellIds);

        // Once the month is over, ReceptionMissed is published once for the commune head, not for the province head.
        try
        {
            platform.SetClockOffset("supervision", TimeSpan.FromDays(40));
            Assert.Equal(1, await Eventually.UntilAsync(() => CountOutboxAsync("ReceptionMissed", $"reception-schedules/{commune.Id}"), n => n == 1));
            await Task.Delay(TimeSpan.FromSeconds(5)); // more scans pass
            Assert.Equal(1, await CountOutboxAsync("ReceptionMissed", $"reception-schedules/{commune.Id}"));
            Assert.Equal(0, await CountOutboxAsync("ReceptionMissed", $"reception-schedules/{province.Id}"));
        }
        finally
        {
            platform.SetClockOffset("supervision", TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task An_inspection_goes_through_prepare_conduct_conclude()
    {
        var programme = await Supervision.CreateInspectionProgrammeAsync(new CreateInspectionProgrammeRequest
        {
            Programme = new InspectionProgramme { UnitId = Ward, Year = 2026, Title = "Chương trình giám sát chuyên đề năm 2026", Kind = InspectionKind.Thematic },
        });
        var inspection = await Supervision.CreateInspectionAsync(new CreateInspectionRequest
        {
            Inspection = new Inspection { UnitId = Ward, ProgrammeId = programme.Id, Kind = InspectionKind.Thematic, TargetUnitId = Cell, Title = "Giám sát việc thực hiện Chỉ thị 05", OpenedOn = "2026-11-03" },
        });
        Assert.Equal(InspectionStage.Prepare, inspection.Stage);
        Assert.Equal(1, await CountOutboxAsync("InspectionOpened", $"inspections/{inspection.Id}"));

        var skipped = await Assert.ThrowsAsync<RpcException>(() => Supervision.ConcludeInspectionAsync(new ConcludeInspectionRequest { Id = inspection.Id, ConcludedOn = "2026-11-20", Findings = "…" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, skipped.StatusCode);

        await Supervision.ConductInspectionAsync(new ConductInspectionRequest { Id = inspection.Id, StartedOn = "2026-11-10" });
        var concluded = await Supervision.ConcludeInspectionAsync(new ConcludeInspectionRequest
        {
            Id = inspection.Id, ConcludedOn = "2026-11-28", Findings = "Chi bộ thực hiện tốt", Recommendations = { "Tiếp tục duy trì sinh hoạt chuyên đề hằng quý" },
        });
        Assert.Equal((InspectionStage.Conclude, 1), (concluded.Stage, concluded.Recommendations.Count));
        Assert.Equal(1, await CountOutboxAsync("InspectionConcluded", $"inspections/{inspection.Id}"));

        // A case on signs of violation against a person needs no programme; a regular one does.
        var noProgramme = await Assert.ThrowsAsync<RpcException>(() => Supervision.CreateInspectionAsync(new CreateInspectionRequest
        {
            Inspection = new Inspection { UnitId = Ward, Kind = InspectionKind.Regular, TargetUnitId = Cell, Title = "x", OpenedOn = "2026-11-03" },
        }).ResponseAsync);
        Assert.Contains("inspection.programme_id", noProgramme.Status.Detail);
        var target = Guid.NewGuid();
        var against = await Supervision.CreateInspectionAsync(new CreateInspectionRequest
        {
            Inspection = new Inspection { UnitId = Ward, Kind = InspectionKind.SignsOfViolation, TargetPersonId = target.ToString(), Title = "Kiểm tra khi có dấu hiệu vi phạm", OpenedOn = "2026-11-03" },
        });

        // Emulation holds the person's awards while the case is open, and releases them when it is concluded.
        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id AND closed_on IS NULL", target), n => n == 1));
        await Supervision.ConductInspectionAsync(new ConductInspectionRequest { Id = against.Id, StartedOn = "2026-11-10" });
        await Supervision.ConcludeInspectionAsync(new ConcludeInspectionRequest { Id = against.Id, ConcludedOn = "2026-11-28", Findings = "Không có vi phạm" });
        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id AND closed_on IS NOT NULL", target), n => n == 1));
    }

    private Task<int> CountOutboxAsync(string eventType, string subject) =>
        CountAsync("supervision", $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.{eventType}' AND subject = @subject", subject);

    private async Task<int> CountAsync(string service, string sql, object parameter) =>
        (int)await platform.CountAsync(service, sql, (parameter is Guid ? "id" : "subject", parameter));
}
