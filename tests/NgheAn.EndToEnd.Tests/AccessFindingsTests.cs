using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// The access findings of issue #15, each as an outside tester found it, through the gateway:
/// writes naming another unit's person, roles that added up, eligibility reasons that told
/// ratings and discipline, findings that followed the inspecting unit, and conflicts that told
/// one unit about another's documents.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessFindingsTests(PlatformFixture platform)
{
    private const string WardA = "phuong-truong-vinh";
    private const string CellOfA = "chi-bo-khoi-1-truong-vinh";
    private const string WardB = "phuong-vinh-hung";

    private static string Token(string unit, params string[] roles) =>
        DevelopmentTokens.Create(roles, unit, person: $"findings-{string.Join('+', roles)}-{Guid.NewGuid():N}");

    private HttpClient As(string unit, params string[] roles) => platform.JsonClientWithToken(Token(unit, roles));

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A person registered by the province in a unit, once Supervision's and Emulation's copies know them.</summary>
    private Task<string> PersonInAsync(string unit, string name) => platform.CreatePersonKnownEverywhereAsync(unit, name);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // JSON answers carry empty values for cleared fields.
    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() ?? "" : "";

    private static async Task DeniedAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403, got {(int)response.StatusCode}: {body}");
    }

    // 1. A write that names a person checks the person against the caller's write reach.
    [Fact]
    public async Task Finding_1_ward_staff_cannot_discipline_inspect_denounce_or_commend_another_wards_person()
    {
        var ofB = await PersonInAsync(WardB, "Trần Văn Phường Khác");
        var ofA = await PersonInAsync(WardA, "Trần Văn Phường Mình");
        using var staffA = As(WardA, PlatformRoles.UnitStaff);

        object Discipline(string person) => new { unitId = WardA, subject = "DISCIPLINE_SUBJECT_FULL_MEMBER", personId = person, form = "DISCIPLINE_FORM_REPRIMAND", decisionDate = "2026-11-02", decisionNumber = "7-QĐ/ĐU" };
        object Inspection(string person) => new { unitId = WardA, kind = "INSPECTION_KIND_SIGNS_OF_VIOLATION", title = "Kiểm tra khi có dấu hiệu vi phạm", openedOn = "2026-11-02", targetPersonId = person };
        object Denunciation(string person) => new
        {
            unitId = WardA, kind = "PETITION_KIND_DENUNCIATION", source = "PETITION_SOURCE_CITIZEN", summary = "Tố cáo cán bộ", receivedOn = Today, subjectPersonId = person,
            submitter = new { name = "Người tố cáo", address = "Khối 1", phone = "0912000111", idNumber = "040100000001" },
        };
        object Model(string person) => new
        {
            name = $"Gương điển hình {Guid.NewGuid():N}", unitId = WardA, subject = "MODEL_SUBJECT_INDIVIDUAL", personId = person,
            steps = new[] { new { stage = "MODEL_STAGE_DETECTED", decidedOn = "2026-01-10", decidedBy = "Đảng ủy phường", evidence = new[] { "BC-01" } } },
        };

        await DeniedAsync(staffA.PostAsJsonAsync("/v1/disciplines", Discipline(ofB)));
        await DeniedAsync(staffA.PostAsJsonAsync("/v1/inspections", Inspection(ofB)));
        await DeniedAsync(staffA.PostAsJsonAsync("/v1/petitions", Denunciation(ofB)));
        await DeniedAsync(staffA.PostAsJsonAsync("/v1/models", Model(ofB)));
        // Nothing of that reached the person's file.
        Assert.Equal(0, await platform.CountAsync("supervision", "SELECT count(*) FROM disciplines WHERE person_id = @id", ("id", Guid.Parse(ofB))));

        // The same writes about the ward's own member go through.
        await OkAsync(await staffA.PostAsJsonAsync("/v1/disciplines", Discipline(ofA)));
        await OkAsync(await staffA.PostAsJsonAsync("/v1/inspections", Inspection(ofA)));
        await OkAsync(await staffA.PostAsJsonAsync("/v1/petitions", Denunciation(ofA)));
        await OkAsync(await staffA.PostAsJsonAsync("/v1/models", Model(ofA)));

        // A discipline the province filed about ward B's member: ward B's staff see it, ward A's
        // staff neither see it nor annul it.
        var filed = await OkAsync(await platform.Json.PostAsJsonAsync("/v1/disciplines", new
        {
            unitId = "nghe-an", subject = "DISCIPLINE_SUBJECT_FULL_MEMBER", personId = ofB, form = "DISCIPLINE_FORM_WARNING", decisionDate = "2026-11-03", decisionNumber = "9-QĐ/UBKTTU",
        }));
        var id = filed.GetProperty("id").GetString();
        using var staffB = As(WardB, PlatformRoles.UnitStaff);
        Assert.Equal(ofB, (await OkAsync(await staffB.GetAsync($"/v1/disciplines/{id}"))).GetProperty("personId").GetString());
        await DeniedAsync(staffA.GetAsync($"/v1/disciplines/{id}"));
        await DeniedAsync(staffA.PostAsJsonAsync($"/v1/disciplines/{id}:decideAppeal", new { outcome = "APPEAL_OUTCOME_ANNULLED", decidedOn = "2026-11-20", decisionNumber = "1-QĐ" }));
        // Ward B's staff list it; ward A's list does not show it.
        Assert.Contains(id, (await OkAsync(await staffB.GetAsync($"/v1/disciplines?personId={ofB}"))).GetProperty("disciplines").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.DoesNotContain(id, (await OkAsync(await staffA.GetAsync("/v1/disciplines?pageSize=200"))).GetProperty("disciplines").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    // 2. Each role's reach applies only to what that role may do.
    [Fact]
    public async Task Finding_2_an_analyst_who_is_also_ward_staff_writes_only_in_the_ward_and_sees_personal_fields_only_there()
    {
        var ofA = await PersonInAsync(WardA, "Lê Thị Phường A");
        var ofB = await PersonInAsync(WardB, "Lê Thị Phường B");
        using var both = As(WardB, PlatformRoles.Analyst, PlatformRoles.UnitStaff);

        await DeniedAsync(both.PostAsJsonAsync("/v1/people", new { fullName = "Người lạ", unitId = WardA, kind = "PERSON_KIND_CADRE", membership = "MEMBERSHIP_FULL", birthDate = "1990-01-01", sex = "SEX_MALE" }));
        await OkAsync(await both.PostAsJsonAsync("/v1/people", new { fullName = "Người phường B", unitId = WardB, kind = "PERSON_KIND_CADRE", membership = "MEMBERSHIP_FULL", birthDate = "1990-01-01", sex = "SEX_MALE" }));

        // The analyst role reads ward A's person; the birth date stays with ward A.
        var a = await OkAsync(await both.GetAsync($"/v1/people/{ofA}"));
        Assert.Equal("", Text(a, "birthDate"));
        Assert.Equal("SEX_UNSPECIFIED", Text(a, "sex"));
        var b = await OkAsync(await both.GetAsync($"/v1/people/{ofB}"));
        Assert.Equal("1979-04-30", b.GetProperty("birthDate").GetString());

        // Over gRPC the same.
        var cadres = new CadresService.CadresServiceClient(platform.GrpcChannelFor(Token(WardB, PlatformRoles.Analyst, PlatformRoles.UnitStaff)));
        Assert.Equal("", (await cadres.GetPersonAsync(new GetPersonRequest { Id = ofA })).BirthDate);
        Assert.Equal("1979-04-30", (await cadres.GetPersonAsync(new GetPersonRequest { Id = ofB })).BirthDate);
        // A petition's submitter is personal: ward A's staff see it; the analyst who is ward B's staff does not.
        var petition = await OkAsync(await As(WardA, PlatformRoles.UnitStaff).PostAsJsonAsync("/v1/petitions", new
        {
            unitId = WardA, kind = "PETITION_KIND_RECOMMENDATION", source = "PETITION_SOURCE_CITIZEN", summary = "Kiến nghị sửa đường", receivedOn = Today,
            submitter = new { name = "Người kiến nghị", address = "Khối 3", phone = "0912000222", idNumber = "040100000002" },
        }));
        var petitionId = petition.GetProperty("id").GetString();
        Assert.Equal("0912000222", (await OkAsync(await As(WardA, PlatformRoles.UnitStaff).GetAsync($"/v1/petitions/{petitionId}"))).GetProperty("submitter").GetProperty("phone").GetString());
        var seenByBoth = await OkAsync(await both.GetAsync($"/v1/petitions/{petitionId}"));
        Assert.DoesNotContain("0912000222", seenByBoth.ToString());
        Assert.DoesNotContain("Người kiến nghị", seenByBoth.ToString());

        var denied = await Assert.ThrowsAsync<RpcException>(() => cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Người lạ", UnitId = WardA, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1990-01-01", Sex = Sex.Male },
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    // 3. Reasons that tell ratings or discipline are personal.
    [Fact]
    public async Task Finding_3_eligibility_reasons_tell_discipline_only_to_who_may_see_it()
    {
        var person = await PersonInAsync(WardA, "Phạm Văn Đề Cử");
        await OkAsync(await platform.Json.PostAsJsonAsync("/v1/disciplines", new
        {
            unitId = WardA, subject = "DISCIPLINE_SUBJECT_FULL_MEMBER", personId = person, form = "DISCIPLINE_FORM_REPRIMAND", decisionDate = "2026-11-04", decisionNumber = "44-QĐ/UBKTĐU",
        }));
        Assert.Equal(1, await Eventually.UntilAsync(() => platform.CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id", ("id", Guid.Parse(person))), n => n == 1));
        var nomination = await OkAsync(await As(WardA, PlatformRoles.UnitStaff).PostAsJsonAsync("/v1/nominations", new
        {
            awardCode = "giay-khen", year = 2026, personId = person, achievement = "Vận động nhân dân hiến đất", achievementId = $"hien-dat-{Guid.NewGuid():N}",
        }));
        var id = nomination.GetProperty("id").GetString();
        var reason = nomination.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "discipline-pending");
        Assert.Contains("44-QĐ/UBKTĐU", reason.GetProperty("message").GetString());

        foreach (var (unit, role) in new[] { (WardA, PlatformRoles.PartyMember), (WardA, PlatformRoles.CellSecretary), ("nghe-an", PlatformRoles.EmulationCouncil), ("nghe-an", PlatformRoles.Analyst) })
        {
            var seen = await OkAsync(await As(unit, role).GetAsync($"/v1/nominations/{id}"));
            var hidden = seen.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "discipline-pending");
            Assert.True(Text(hidden, "message") == "", $"{role}: {hidden}");
            Assert.DoesNotContain("44-QĐ", seen.ToString());
        }

        // Another ward's staff do not reach the nomination at all.
        await DeniedAsync(As(WardB, PlatformRoles.UnitStaff).GetAsync($"/v1/nominations/{id}"));
    }

    // 4. Records about a person are reached through the person's unit.
    [Fact]
    public async Task Finding_4_a_province_inspections_findings_on_a_ward_member_stay_in_that_ward()
    {
        var person = await PersonInAsync(WardA, "Hoàng Văn Được Kiểm Tra");
        var commission = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.InspectionCommission], "nghe-an", person: $"ubkt-{Guid.NewGuid():N}"));
        var inspection = await OkAsync(await commission.PostAsJsonAsync("/v1/inspections", new
        {
            unitId = "nghe-an", kind = "INSPECTION_KIND_SIGNS_OF_VIOLATION", title = "Kiểm tra khi có dấu hiệu vi phạm", openedOn = "2026-10-01", targetPersonId = person,
        }));
        var id = inspection.GetProperty("id").GetString();
        await OkAsync(await commission.PostAsJsonAsync($"/v1/inspections/{id}:conduct", new { startedOn = "2026-10-05" }));
        await OkAsync(await commission.PostAsJsonAsync($"/v1/inspections/{id}:conclude", new { concludedOn = "2026-10-20", findings = "Có vi phạm trong quản lý tài chính", violationFound = true }));

        await DeniedAsync(As(WardB, PlatformRoles.PartyMember).GetAsync($"/v1/inspections/{id}"));
        await DeniedAsync(As(WardB, PlatformRoles.UnitStaff).GetAsync($"/v1/inspections/{id}"));
        Assert.DoesNotContain(id, (await OkAsync(await As(WardB, PlatformRoles.PartyMember).GetAsync("/v1/inspections?pageSize=200"))).GetProperty("inspections").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        // A cell below the ward does not read its member's file from below.
        await DeniedAsync(As(CellOfA, PlatformRoles.PartyMember).GetAsync($"/v1/inspections/{id}"));

        Assert.Equal("Có vi phạm trong quản lý tài chính", (await OkAsync(await As(WardA, PlatformRoles.UnitStaff).GetAsync($"/v1/inspections/{id}"))).GetProperty("findings").GetString());
        Assert.Contains(id, (await OkAsync(await As(WardA, PlatformRoles.PartyMember).GetAsync("/v1/inspections?pageSize=200"))).GetProperty("inspections").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    // 5. A conflict never tells one unit about another's records.
    [Fact]
    public async Task Finding_5_a_symbol_another_unit_used_is_not_a_conflict()
    {
        var symbol = $"{Random.Shared.Next(100, 9_000)}-CV/VPTU";
        using var staffB = As(WardB, PlatformRoles.UnitStaff);
        var ofB = await OkAsync(await staffB.PostAsJsonAsync("/v1/documents", new { symbol, title = "Công văn vào sổ của phường Vinh Hưng", issueDate = "2026-03-02", unitId = WardB }));
        using var staffA = As(WardA, PlatformRoles.UnitStaff);
        await DeniedAsync(staffA.GetAsync($"/v1/documents/{ofB.GetProperty("id").GetString()}"));

        // Each unit numbers its own register: the same symbol in ward A is its own document, not a conflict.
        var ofA = await OkAsync(await staffA.PostAsJsonAsync("/v1/documents", new { symbol, title = "Công văn vào sổ của phường Trường Vinh", issueDate = "2026-03-02", unitId = WardA }));
        Assert.NotEqual(ofB.GetProperty("id").GetString(), ofA.GetProperty("id").GetString());

        // Within one unit, the number is still taken once.
        using var again = await staffA.PostAsJsonAsync("/v1/documents", new { symbol, title = "Trùng số", issueDate = "2026-03-03", unitId = WardA });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_token_whose_unit_is_not_in_the_tree_is_refused()
    {
        foreach (var role in new[] { PlatformRoles.UnitStaff, PlatformRoles.ProvincialOffice })
        {
            await DeniedAsync(As("don-vi-khong-co-that", role).GetAsync("/v1/documents"));
            await DeniedAsync(As("don-vi-khong-co-that", role).GetAsync("/v1/org-units/nghe-an"));
        }
    }

    [Fact]
    public async Task A_refused_write_is_recorded_in_the_audit_trail()
    {
        var ofB = await PersonInAsync(WardB, "Đỗ Văn Bị Ghi Nhầm");
        var person = $"findings-denied-{Guid.NewGuid():N}";
        using var staffA = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.UnitStaff], WardA, person: person));
        await DeniedAsync(staffA.PostAsJsonAsync("/v1/disciplines", new
        {
            unitId = WardA, subject = "DISCIPLINE_SUBJECT_FULL_MEMBER", personId = ofB, form = "DISCIPLINE_FORM_REPRIMAND", decisionDate = "2026-11-02",
        }));

        using var commission = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.InspectionCommission], "nghe-an", person: $"ubkt-{Guid.NewGuid():N}"));
        var entries = await Eventually.UntilAsync(
            async () => await OkAsync(await commission.GetAsync($"/v1/audit-entries?service=supervision&person={person}")),
            page => page.GetProperty("auditEntries").GetArrayLength() > 0);
        var entry = entries.GetProperty("auditEntries").EnumerateArray().Single();
        Assert.Equal(("Denied", "CreateDiscipline", WardA), (Text(entry, "action"), Text(entry, "entityType"), Text(entry, "callerUnitId")));
    }
}
