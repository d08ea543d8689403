using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.ServiceDefaults.Security;
using NpgsqlTypes;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Emulation through the gateway: awards checked against CadreWork's ratings and Supervision's
/// disciplines (arriving over RabbitMQ), models through their lifecycle, and the commendation
/// report over a data set shaped like the article's (5,395 models commended, 501 provincial, 3 central).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EmulationThroughGatewayTests(PlatformFixture platform)
{
    private CadresService.CadresServiceClient Cadres => new(platform.Grpc);

    [Fact]
    public async Task A_person_rated_HTTNV_gets_Lao_dong_tien_tien_and_a_later_discipline_refuses_the_pending_nomination_and_flags_the_award()
    {
        // A cell of this test's own, so its rating does not change other tests' quotas.
        var cell = $"chi-bo-thi-dua-{Guid.NewGuid().ToString("N")[..8]}";
        await new OrgUnitsService.OrgUnitsServiceClient(platform.Grpc).CreateOrgUnitAsync(new CreateOrgUnitRequest
        {
            OrgUnitId = cell, OrgUnit = new OrgUnit { Name = $"Chi bộ {cell}", Level = OrgUnitLevel.Cell, ParentId = "phuong-truong-vinh", ValidFrom = "2025-07-01" },
        });
        var person = await Cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Nguyễn Thị Thi Đua", UnitId = cell, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1985-03-02", Sex = Sex.Female },
        });
        var rating = await Cadres.CreateRatingAsync(new CreateRatingRequest
        {
            PersonId = person.Id,
            Rating = new Rating { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 25, TaskScore = 55, AllTasksOnTime = true },
        });
        Assert.Equal(RatingGrade.Good, rating.Grade);
        await Eventually.UntilAsync(() => CountAsync("SELECT count(*) FROM ratings WHERE person_id = @id AND year = 2026", Guid.Parse(person.Id)), n => n == 1);

        // Eligibility is checked and explained when nominating: HTTNV earns Lao động tiên tiến, not yet the provincial title.
        var tooHigh = await PostAsync("/v1/nominations", new { awardCode = "chien-si-thi-dua-tinh", year = 2026, personId = person.Id, achievement = "Ba năm liền chiến sĩ thi đua" });
        Assert.Equal("title-run-missing", Assert.Single(Items(tooHigh, "reasons")).GetProperty("code").GetString());

        var nomination = await PostAsync("/v1/nominations", new { awardCode = "lao-dong-tien-tien", year = 2026, personId = person.Id, achievement = "Hoàn thành tốt nhiệm vụ năm 2026" });
        Assert.Equal(("NOMINATION_STATUS_PENDING", cell), (nomination.GetProperty("status").GetString(), nomination.GetProperty("unitId").GetString()));
        Assert.Empty(Items(nomination, "reasons"));
        var id = nomination.GetProperty("id").GetString();
        Assert.Equal("NOMINATION_STATUS_APPRAISED", (await PostAsync($"/v1/nominations/{id}:appraise", new { appraisedOn = "2026-12-01" })).GetProperty("status").GetString());
        var award = await PostAsync($"/v1/nominations/{id}:grant", new { decisionDate = "2026-12-02", decisionNumber = "15/QĐ-UBND" });
        Assert.Equal(("Lao động tiên tiến", "COMMENDATION_LEVEL_GRASSROOTS", 2026), (award.GetProperty("title").GetString(), award.GetProperty("level").GetString(), award.GetProperty("year").GetInt32()));
        var awardId = award.GetProperty("id").GetString()!;

        // CommendationGranted left through the outbox: CadreWork records it in the person's file.
        var file = await Eventually.UntilAsync(async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id }), p => p.Commendations.Count == 1);
        Assert.Equal((awardId, "Lao động tiên tiến", "co-so"), (file.Commendations[0].Id, file.Commendations[0].Title, file.Commendations[0].Level));

        // Once granted, the title is not granted twice for the year.
        var again = await PostAsync("/v1/nominations", new { awardCode = "lao-dong-tien-tien", year = 2026, personId = person.Id, achievement = "Hoàn thành tốt nhiệm vụ năm 2026 (lần 2)" });
        Assert.Contains(Items(again, "reasons"), r => r.GetProperty("code").GetString() == "title-already-held");
        Assert.Equal(id, Assert.Single(Items(again, "likelyDuplicateOf")).GetString());

        var pending = await PostAsync("/v1/nominations", new { awardCode = "giay-khen", year = 2026, personId = person.Id, achievement = "Vận động nhân dân hiến đất làm đường", achievementId = "hien-dat-2026" });
        Assert.Equal("NOMINATION_STATUS_PENDING", pending.GetProperty("status").GetString());

        // Supervision disciplines the person; the event arrives over RabbitMQ.
        await RunBus.PublishAsync(platform, "nghean.supervision.discipline-imposed", new DisciplineImposed
        {
            DisciplineId = Guid.NewGuid(), PersonId = Guid.Parse(person.Id), UnitId = cell, Form = "Reprimand",
            DecisionDate = new DateOnly(2026, 11, 25), DecisionNumber = "31-QĐ/UBKTTU",
        });

        // The award of 2026 is flagged for revocation review.
        var flagged = await Eventually.UntilAsync(
            () => GetAsync($"/v1/awards?personId={person.Id}&flaggedForRevocation=true"),
            page => Items(page, "awards").Count == 1);
        var flaggedAward = Assert.Single(Items(flagged, "awards"));
        Assert.Equal(awardId, flaggedAward.GetProperty("id").GetString());
        Assert.Contains("31-QĐ/UBKTTU", flaggedAward.GetProperty("revocationFlag").GetString());

        // The pending nomination is refused on appraisal, with the reason and the rule.
        var refused = await PostAsync($"/v1/nominations/{pending.GetProperty("id").GetString()}:appraise", new { appraisedOn = "2026-12-03" });
        Assert.Equal("NOMINATION_STATUS_REFUSED", refused.GetProperty("status").GetString());
        var reason = Assert.Single(Items(refused, "reasons"));
        Assert.Equal("discipline-pending", reason.GetProperty("code").GetString());
        Assert.Contains("Reprimand 31-QĐ/UBKTTU", reason.GetProperty("message").GetString());
        Assert.Contains("06/2022/QH15", reason.GetProperty("legalBasis").GetString());

        // A reason longer than the file keeps is refused, naming the field.
        using (var tooLong = await platform.Json.PostAsJsonAsync($"/v1/awards/{awardId}:revoke", new { ground = "REVOCATION_GROUND_LATER_VIOLATION", reason = new string('x', 2001), revokedOn = "2026-12-04" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            Assert.Contains("reason", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        // Revoked with a reason: no longer flagged, and a second revocation is refused.
        var revoked = await PostAsync($"/v1/awards/{awardId}:revoke", new { ground = "REVOCATION_GROUND_LATER_VIOLATION", reason = "Vi phạm trong năm được khen (31-QĐ/UBKTTU).", revokedOn = "2026-12-04" });
        Assert.Equal("2026-12-04", revoked.GetProperty("revokedOn").GetString());
        Assert.Empty(Items(await GetAsync($"/v1/awards?personId={person.Id}&flaggedForRevocation=true"), "awards"));
        using var twice = await platform.Json.PostAsJsonAsync($"/v1/awards/{awardId}:revoke", new { ground = "REVOCATION_GROUND_LATER_VIOLATION", reason = "x", revokedOn = "2026-12-04" });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%AwardRevoked%' AND subject = 'commendations/' || @id", Guid.Parse(awardId)));

        // AwardRevoked reaches CadreWork: the entry stays in the person's file, struck with the reason.
        var struck = await Eventually.UntilAsync(async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id }), p => p.Commendations.Single().RevokedOn.Length > 0);
        Assert.Equal(("2026-12-04", "Vi phạm trong năm được khen (31-QĐ/UBKTTU)."), (struck.Commendations[0].RevokedOn, struck.Commendations[0].RevocationReason));
    }

    [Fact]
    public async Task Award_kinds_say_who_grants_them_and_under_which_law()
    {
        var kinds = Items(await GetAsync("/v1/award-kinds?pageSize=100"), "awardKinds");
        var laborAdvanced = Assert.Single(kinds, k => k.GetProperty("code").GetString() == "lao-dong-tien-tien");
        Assert.Equal("Thủ trưởng cơ quan, đơn vị", laborAdvanced.GetProperty("grantedBy").GetString());
        Assert.Contains("06/2022/QH15", laborAdvanced.GetProperty("legalBasis").GetString());
        Assert.Equal("Chủ tịch Ủy ban nhân dân tỉnh", Assert.Single(kinds, k => k.GetProperty("code").GetString() == "chien-si-thi-dua-tinh").GetProperty("grantedBy").GetString());
    }

    [Fact]
    public async Task Bad_nominations_name_the_fields_and_write_nothing()
    {
        using var bad = await platform.Json.PostAsJsonAsync("/v1/nominations", new { awardCode = "huan-chuong-vang", year = 1990, achievement = " " });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var detail = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("nomination.award_code", detail);
        Assert.Contains("nomination.year", detail);
        Assert.Contains("nomination.achievement", detail);

        using var unknown = await platform.Json.PostAsJsonAsync("/v1/nominations", new { awardCode = "lao-dong-tien-tien", year = 2026, personId = Guid.NewGuid(), achievement = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM nominations WHERE achievement = 'x'"));
    }

    [Fact]
    public async Task A_model_goes_from_detected_to_replicated_with_evidence_and_its_commendation_reaches_Directives()
    {
        // The movement carries out a directive Emulation learned of from Directives' DocumentIssued.
        var directive = (await PostAsync("/v1/documents", new { symbol = $"{Random.Shared.Next(1_000, 1_000_000)}-KH/TU", title = "Kế hoạch thi đua", issueDate = "2026-01-05" })).GetProperty("id").GetString()!;
        await Eventually.UntilAsync(() => CountAsync("SELECT count(*) FROM known_documents WHERE id = @id", Guid.Parse(directive)), n => n == 1);
        var movement = await PostAsync("/v1/movements", new { name = "Nghệ An làm theo lời Bác dặn", unitId = "phuong-truong-vinh", startDate = "2025-07-01", documentId = directive });
        Assert.False(string.IsNullOrEmpty(movement.GetProperty("documentSymbol").GetString()));
        var movementId = movement.GetProperty("id").GetString();
        var model = await PostAsync("/v1/models", new
        {
            name = $"Dân vận khéo {Guid.NewGuid():N}", unitId = "phuong-truong-vinh", subject = "MODEL_SUBJECT_COLLECTIVE", movementId, documentId = directive,
            steps = new[] { new { stage = "MODEL_STAGE_DETECTED", decidedOn = "2026-01-10", decidedBy = "Ban Dân vận phường", evidence = new[] { "BC-01/DV" } } },
        });
        var id = model.GetProperty("id").GetString();

        // Skipping a stage or a step without evidence is refused, naming the rule or the field.
        using (var skip = await platform.Json.PostAsJsonAsync($"/v1/models/{id}:advance", new { step = new { stage = "MODEL_STAGE_COMMENDED", decidedOn = "2026-02-01", decidedBy = "x", evidence = new[] { "y" }, level = "COMMENDATION_LEVEL_GRASSROOTS" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
            Assert.Equal("FAILED_PRECONDITION", (await skip.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using (var bare = await platform.Json.PostAsJsonAsync($"/v1/models/{id}:advance", new { step = new { stage = "MODEL_STAGE_NURTURED", decidedOn = "2026-02-01", decidedBy = "x", evidence = Array.Empty<string>() } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
            Assert.Contains("step.evidence", (await bare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        object Step(string stage, string on, object? extra = null) => new { step = Merge(new { stage, decidedOn = on, decidedBy = "Hội đồng Thi đua - Khen thưởng phường", evidence = new[] { $"HS-{stage}" } }, extra) };
        await PostAsync($"/v1/models/{id}:advance", Step("MODEL_STAGE_NURTURED", "2026-02-01"));
        await PostAsync($"/v1/models/{id}:advance", Step("MODEL_STAGE_NOMINATED", "2026-05-01", new { level = "COMMENDATION_LEVEL_PROVINCE" }));
        await PostAsync($"/v1/models/{id}:advance", Step("MODEL_STAGE_APPRAISED", "2026-05-20", new { passed = true }));
        await PostAsync($"/v1/models/{id}:advance", Step("MODEL_STAGE_COMMENDED", "2026-06-01", new { level = "COMMENDATION_LEVEL_PROVINCE" }));
        var replicated = await PostAsync($"/v1/models/{id}:advance", Step("MODEL_STAGE_REPLICATED", "2026-08-01", new { replicatedIn = new[] { "phuong-vinh-hung", "xa-kim-lien" } }));

        Assert.Equal(("MODEL_STAGE_REPLICATED", "COMMENDATION_LEVEL_PROVINCE", 6), (replicated.GetProperty("stage").GetString(), replicated.GetProperty("commendedLevel").GetString(), replicated.GetProperty("steps").GetArrayLength()));
        Assert.All(replicated.GetProperty("steps").EnumerateArray(), s => Assert.NotEmpty(s.GetProperty("recordedBy").GetString()!));

        // ModelCommended left through the outbox; Directives counts it for reviews.
        var counted = await Eventually.UntilAsync(() => CountAsync("SELECT count(*) FROM commended_models WHERE model_id = @id AND level = 'tinh'", Guid.Parse(id!), "directives"), n => n == 1);
        Assert.Equal(1, counted);
        foreach (var published in new[] { "ModelNominated", "ModelCommended", "ModelReplicated" })
        {
            Assert.Equal(1, await CountAsync($"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.{published}' AND subject = 'models/' || @id", Guid.Parse(id!)));
        }

        // The report counts it under its movement and under its directive.
        Assert.Equal(1, (await GetAsync($"/v1/reports/commendations?unitId=phuong-truong-vinh&movementId={movementId}")).GetProperty("modelsCommended").GetInt32());
        Assert.Equal(1, (await GetAsync($"/v1/reports/commendations?unitId=phuong-truong-vinh&documentId={directive}")).GetProperty("modelsCommended").GetInt32());
    }

    [Fact]
    public async Task The_report_counts_a_data_set_like_the_articles_by_level_and_unit_subtree_as_JSON_and_CSV()
    {
        // A subtree of this test's own: a commune and two cells, created in CadreWork and copied to Emulation.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (root, cellA, cellB) = ($"xa-bao-cao-{suffix}", $"chi-bo-a-{suffix}", $"chi-bo-b-{suffix}");
        var units = new OrgUnitsService.OrgUnitsServiceClient(platform.Grpc);
        await units.CreateOrgUnitAsync(new CreateOrgUnitRequest { OrgUnitId = root, OrgUnit = new OrgUnit { Name = $"Đảng bộ xã {root}", Level = OrgUnitLevel.Commune, ParentId = "nghe-an", ValidFrom = "2025-07-01" } });
        foreach (var cell in new[] { cellA, cellB })
        {
            await units.CreateOrgUnitAsync(new CreateOrgUnitRequest { OrgUnitId = cell, OrgUnit = new OrgUnit { Name = $"Chi bộ {cell}", Level = OrgUnitLevel.Cell, ParentId = root, ValidFrom = "2025-07-01" } });
        }

        await Eventually.UntilAsync(() => CountAsync($"SELECT count(*) FROM org_units WHERE id IN ('{root}', '{cellA}', '{cellB}')"), n => n == 3);

        // 5,395 commended (4,891 cơ sở, 501 tỉnh, 3 trung ương) and 700 not (yet) commended, spread over the three units.
        string[] unitsOf = [root, cellA, cellB];
        var rows = new List<(string Unit, int? Level, DateOnly? On)>();
        for (var i = 0; i < 6095; i++)
        {
            int? level = i < 3 ? 4 : i < 504 ? 3 : i < 5395 ? 1 : null;
            rows.Add((unitsOf[i % 3], level, level is null ? null : new DateOnly(2021 + i % 5, 1 + i % 12, 1 + i % 28)));
        }

        await using (var connection = platform.OpenDatabase(platform.DatabaseOf("emulation")))
        {
            await connection.OpenAsync();
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY models (id, name, unit_id, subject, stage, commended_level, commended_on, likely_duplicate_of, created_at) FROM STDIN (FORMAT BINARY)");
            foreach (var (unit, level, on) in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync($"Mô hình {unit}", NpgsqlDbType.Varchar);
                await copy.WriteAsync(unit, NpgsqlDbType.Varchar);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(level is null ? 2 : 5, NpgsqlDbType.Integer);
                if (level is { } l) await copy.WriteAsync(l, NpgsqlDbType.Integer); else await copy.WriteNullAsync();
                if (on is { } d) await copy.WriteAsync(d, NpgsqlDbType.Date); else await copy.WriteNullAsync();
                await copy.WriteAsync(Array.Empty<Guid>(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        var report = await GetAsync($"/v1/reports/commendations?unitId={root}");
        Assert.Equal(5395, report.GetProperty("modelsCommended").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["co-so"] = 4891, ["tinh"] = 501, ["trung-uong"] = 3 }, Counts(report, "modelsByLevel"));
        var expectedByUnit = rows.Where(r => r.Level is not null).GroupBy(r => r.Unit).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedByUnit, Counts(report, "modelsByUnit"));

        // One cell's subtree, and a period.
        var cellReport = await GetAsync($"/v1/reports/commendations?unitId={cellA}&periodStart=2023-01-01&periodEnd=2023-12-31");
        var inCellAndYear = rows.Where(r => r.Unit == cellA && r.On is { Year: 2023 }).ToList();
        Assert.Equal(inCellAndYear.Count, cellReport.GetProperty("modelsCommended").GetInt32());
        Assert.Equal(inCellAndYear.Count(r => r.Level == 3), Counts(cellReport, "modelsByLevel").GetValueOrDefault("tinh"));

        // The same report as CSV, through the same API.
        using var csv = await platform.Json.GetAsync($"/v1/reports/commendations:csv?unitId={root}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"commendations-{root}.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("section,key,count", lines[0]);
        Assert.Contains("models,total,5395", lines);
        Assert.Contains("models-by-level,tinh,501", lines);
        Assert.Contains("models-by-level,trung-uong,3", lines);
        Assert.Contains($"models-by-unit,{cellB},{expectedByUnit[cellB]}", lines);

        // A cell's staff report on their own subtree only.
        using var staff = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.UnitStaff], cellA, person: $"staff-{suffix}"));
        using (var own = await staff.GetAsync($"/v1/reports/commendations?unitId={cellA}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using var above = await staff.GetAsync($"/v1/reports/commendations?unitId={root}");
        Assert.Equal(HttpStatusCode.Forbidden, above.StatusCode);
        using var badPeriod = await platform.Json.GetAsync($"/v1/reports/commendations?unitId={root}&periodStart=2025-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Contains("period_start", (await badPeriod.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    // Transcoding may leave out empty lists and zero counts, or write them.
    private static List<JsonElement> Items(JsonElement message, string property) =>
        message.TryGetProperty(property, out var items) ? [.. items.EnumerateArray()] : [];

    private static Dictionary<string, int> Counts(JsonElement report, string property) =>
        Items(report, property).ToDictionary(c => c.GetProperty("key").GetString()!, c => c.TryGetProperty("count", out var n) ? n.GetInt32() : 0);

    private static Dictionary<string, object?> Merge(object step, object? extra)
    {
        var merged = JsonSerializer.SerializeToElement(step).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject()) merged[property.Name] = property.Value;
        }

        return merged;
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await platform.Json.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await platform.Json.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private async Task<int> CountAsync(string sql, Guid? id = null, string service = "emulation") =>
        (int)await platform.CountAsync(service, sql, id is { } value ? [("id", value)] : []);
}
