using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Contracts.Supervision.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// The article's chain through the gateway: 05-CT/TW → 196-KH/TU "Nghệ An làm theo lời Bác dặn" →
/// 13-CT/TU with a monthly citizen-reception task that goes overdue when a month passes unreported,
/// and a review of 196-KH/TU counting the models commended under it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectiveCascadeThroughGatewayTests(PlatformFixture platform)
{
    private const string Ward = "phuong-truong-vinh";
    private const string OtherWard = "phuong-vinh-hung";

    [Fact]
    public async Task The_article_chain_its_monthly_task_going_overdue_and_the_review()
    {
        // Other tests of the run may have registered the same symbols: numbers are unique per term.
        var ct05 = await GetOrCreateAsync("05-CT/TW", "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "15/5/2016", []);
        var kh196 = await GetOrCreateAsync("196-KH/TU", "Kế hoạch thực hiện Chỉ thị 05-CT/TW với chủ đề \"Nghệ An làm theo lời Bác dặn\"", "Nghệ An, ngày 13 tháng 6 năm 2019", ["05-CT/TW"]);
        var ct13 = await GetOrCreateAsync("13-CT/TU", "Chỉ thị về trách nhiệm người đứng đầu cấp ủy xây dựng lịch tiếp dân định kỳ hằng tháng", "2019-08-05", []);
        await LinkAsync(ct13, kh196, "LINK_KIND_IMPLEMENTS");

        // The cascade below 05-CT/TW reaches 13-CT/TU through 196-KH/TU; above 13-CT/TU is the same chain.
        var below = await GetJsonAsync($"/v1/documents/{ct05}/cascade");
        var kh = below.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("document").GetProperty("id").GetString() == kh196);
        Assert.Contains(kh.GetProperty("children").EnumerateArray(), c => c.GetProperty("document").GetProperty("id").GetString() == ct13);
        var above = await GetJsonAsync($"/v1/documents/{ct13}/cascade?direction=CASCADE_DIRECTION_ABOVE");
        Assert.Contains(above.GetProperty("children").EnumerateArray(), c => c.GetProperty("document").GetProperty("symbol").GetString() == "196-KH/TU");

        // 05-CT/TW cannot implement what implements it.
        using (var cycle = await platform.Json.PostAsJsonAsync($"/v1/documents/{ct05}/links", new { targetId = ct13, kind = "LINK_KIND_IMPLEMENTS" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
            Assert.Equal("FAILED_PRECONDITION", (await cycle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using var created = await platform.Json.PostAsJsonAsync($"/v1/documents/{ct13}/tasks", new
        {
            title = "Người đứng đầu cấp ủy tiếp công dân định kỳ hằng tháng",
            leadUnitId = Ward,
            responsiblePerson = "Bí thư Đảng ủy phường",
            recurrence = "RECURRENCE_MONTHLY",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var task = await created.Content.ReadFromJsonAsync<JsonElement>();
        var taskId = task.GetProperty("id").GetString()!;
        Assert.False(task.GetProperty("overdue").GetBoolean());
        var firstMonth = task.GetProperty("startDate").GetString()![..7];

        try
        {
            // Two months pass without a report: the first month is overdue, and TaskOverdue is written once for it.
            platform.SetClockOffset("directives", TimeSpan.FromDays(62));
            var overdue = await GetJsonAsync($"/v1/tasks/{taskId}");
            Assert.True(overdue.GetProperty("overdue").GetBoolean());
            Assert.Contains(firstMonth, overdue.GetProperty("overdueOccurrences").EnumerateArray().Select(o => o.GetString()));

            var notices = await Eventually.UntilAsync(() => CountNoticesAsync(taskId, firstMonth), n => n == 1);
            Assert.Equal(1, notices);
            await Task.Delay(TimeSpan.FromSeconds(5)); // more scans pass
            Assert.Equal(1, await CountNoticesAsync(taskId, firstMonth));

            // A late report for that month clears it.
            using var report = await platform.Json.PostAsJsonAsync($"/v1/tasks/{taskId}/progress-reports", new
            {
                occurrence = firstMonth,
                summary = "Đã tiếp 12 lượt công dân",
                evidenceRefs = new[] { "so-tiep-cong-dan/2026/01" },
            });
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);

            // Supervision tracks the recurring task: the month's compliance report of the ward lists the miss, reported late.
            // (The due date is the month's last day, or the next working day when that is a holiday.)
            var supervision = new SupervisionService.SupervisionServiceClient(platform.Grpc);
            var months = new[] { firstMonth, DateOnly.ParseExact(firstMonth + "-01", "yyyy-MM-dd").AddMonths(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) };
            async Task<MissedTaskOccurrence?> MissAsync()
            {
                foreach (var month in months)
                {
                    var report = await supervision.GetMonthlyComplianceReportAsync(new GetMonthlyComplianceReportRequest { UnitId = Ward, Month = month });
                    if (report.MissedTaskOccurrences.SingleOrDefault(m => m.TaskId == taskId) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }

            var missed = await Eventually.UntilAsync(MissAsync, m => m is { ReportedLateOn.Length: > 0 });
            Assert.Equal((firstMonth, "monthly", "13-CT/TU", Ward), (missed!.Occurrence, missed.Recurrence, missed.DocumentSymbol, missed.UnitId));

            var after = await GetJsonAsync($"/v1/tasks/{taskId}");
            Assert.DoesNotContain(firstMonth, after.GetProperty("overdueOccurrences").EnumerateArray().Select(o => o.GetString()));
            Assert.Equal("TASK_STATUS_IN_PROGRESS", after.GetProperty("status").GetString());
        }
        finally
        {
            platform.SetClockOffset("directives", TimeSpan.Zero);
        }

        // The ward's staff see and list the ward's tasks; another ward's staff do not.
        using var quarterly = await platform.Json.PostAsJsonAsync($"/v1/documents/{ct13}/tasks", new
        {
            title = "Ủy viên Ban Thường vụ dự sinh hoạt chi bộ được phân công theo quý",
            leadUnitId = Ward,
            recurrence = "RECURRENCE_QUARTERLY",
        });
        Assert.Equal(HttpStatusCode.OK, quarterly.StatusCode);
        using var wardStaff = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.UnitStaff], Ward, person: "can-bo-truong-vinh"));
        using var otherStaff = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.UnitStaff], OtherWard, person: "can-bo-vinh-hung"));
        using (var own = await wardStaff.GetAsync($"/v1/tasks/{taskId}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var foreign = await otherStaff.GetAsync($"/v1/tasks/{taskId}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        var listed = new List<string>();
        var token = "";
        do
        {
            var page = await wardStaff.GetFromJsonAsync<JsonElement>($"/v1/tasks?document_id={ct13}&page_size=1&page_token={Uri.EscapeDataString(token)}");
            listed.AddRange(page.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() ?? "" : "";
        }
        while (token.Length > 0);
        Assert.Equal(2, listed.Count);
        Assert.Contains(taskId, listed);
        var seenByOther = await otherStaff.GetFromJsonAsync<JsonElement>($"/v1/tasks?document_id={ct13}");
        Assert.Empty(seenByOther.GetProperty("tasks").EnumerateArray());

        // The ward's staff report on the ward's task; another ward's staff may not.
        var quarterlyId = (await quarterly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var progress = new { summary = "Đã dự sinh hoạt chi bộ khối 2", evidenceRefs = new[] { "bien-ban-sinh-hoat/khoi-2" } };
        using (var ownReport = await wardStaff.PostAsJsonAsync($"/v1/tasks/{quarterlyId}/progress-reports", progress))
        {
            Assert.Equal(HttpStatusCode.OK, ownReport.StatusCode);
        }

        using (var foreignReport = await otherStaff.PostAsJsonAsync($"/v1/tasks/{quarterlyId}/progress-reports", progress))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreignReport.StatusCode);
        }

        // Emulation will publish ModelCommended; three models under 196-KH/TU, one unrelated.
        var day = new DateOnly(2020, 5, 19);
        await PublishAsEmulationAsync(
            Commended("Sổ đăng ký học tập và làm theo hằng tháng", "tinh", Guid.Parse(kh196), null, day),
            Commended("Sinh hoạt chuyên đề gắn với xây dựng Đảng", "co-so", null, "196-KH/TU", day),
            Commended("Dân vận khéo", "trung-uong", Guid.Parse(kh196), null, day),
            Commended("Mô hình khác", "tinh", Guid.Parse(ct05), null, day));

        await Eventually.UntilAsync(() => CountAsync("SELECT count(*) FROM commended_models WHERE document_id = @id OR document_symbol = '196-KH/TU'", Guid.Parse(kh196)), n => n == 3);
        using var published = await platform.Json.PostAsJsonAsync($"/v1/documents/{kh196}/reviews", new
        {
            kind = "REVIEW_KIND_FINAL", periodStart = "2019-06-13", periodEnd = "2020-12-31",
        });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var review = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, review.GetProperty("modelsCommended").GetInt32());
        var levels = review.GetProperty("modelsByLevel").EnumerateArray().ToDictionary(l => l.GetProperty("level").GetString()!, l => l.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["co-so"] = 1, ["tinh"] = 1, ["trung-uong"] = 1 }, levels);
        Assert.Contains("models,total,,,,3", review.GetProperty("csv").GetString());
        var stored = await GetJsonAsync($"/v1/reviews/{review.GetProperty("id").GetString()}");
        Assert.Equal(3, stored.GetProperty("modelsCommended").GetInt32());

        using var csv = await platform.Json.GetAsync($"/v1/reviews/{review.GetProperty("id").GetString()}/csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("models,trung-uong,,,,1", await csv.Content.ReadAsStringAsync());
        Assert.Equal([0xEF, 0xBB, 0xBF], (await csv.Content.ReadAsByteArrayAsync())[..3]); // UTF-8 BOM for spreadsheets
        Assert.StartsWith("review-196-KH_TU-", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var anonymous = platform.JsonClientWithToken(null);
        using var refused = await anonymous.GetAsync($"/v1/reviews/{review.GetProperty("id").GetString()}/csv");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static ModelCommended Commended(string name, string level, Guid? documentId, string? symbol, DateOnly day) => new()
    {
        ModelId = Guid.NewGuid(), Name = name, Level = level, DocumentId = documentId, DocumentSymbol = symbol,
        Movement = "Nghệ An làm theo lời Bác dặn", CommendedOn = day, UnitId = Ward,
    };

    private async Task<string> GetOrCreateAsync(string symbol, string title, string issueDate, string[] implements)
    {
        using var response = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol, title, issueDate, implements });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var id = await FindAsync(symbol);
        foreach (var higher in implements)
        {
            // An earlier copy may lack the link: add it (a repeat is ALREADY_EXISTS).
            await LinkAsync(id, await FindAsync(higher), "LINK_KIND_IMPLEMENTS");
        }

        return id;
    }

    // Only this test registers these symbols in the article's terms; other terms may hold the same symbol.
    private async Task<string> FindAsync(string symbol)
    {
        var parts = symbol.Split('-', '/');
        var list = await GetJsonAsync($"/v1/documents?type={parts[1]}&issuer={parts[2]}&page_size=200");
        return list.GetProperty("documents").EnumerateArray()
            .First(d => d.GetProperty("symbol").GetString() == symbol && d.GetProperty("term").GetString() is "2015-2020" or "2016-2021")
            .GetProperty("id").GetString()!;
    }

    private async Task LinkAsync(string from, string to, string kind)
    {
        using var response = await platform.Json.PostAsJsonAsync($"/v1/documents/{from}/links", new { targetId = to, kind });
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await platform.Json.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private Task<int> CountNoticesAsync(string taskId, string occurrence) =>
        CountAsync("SELECT count(*) FROM task_overdue_notices WHERE task_id = @id AND occurrence = @occurrence", Guid.Parse(taskId), occurrence);

    private async Task<int> CountAsync(string sql, Guid id, string? occurrence = null) =>
        (int)await platform.CountAsync("directives", sql, occurrence is null ? [("id", id)] : [("id", id), ("occurrence", occurrence)]);

    /// <summary>Publishes onto the run's RabbitMQ the way Emulation's outbox relay does.</summary>
    private Task PublishAsEmulationAsync(params ModelCommended[] models) =>
        RunBus.PublishAsync(platform, "nghean.emulation.model-commended", models);
}
