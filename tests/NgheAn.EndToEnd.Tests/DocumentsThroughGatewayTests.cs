using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using NgheAn.Contracts.Directives.V1;
using Npgsql;

namespace NgheAn.EndToEnd.Tests;

/// <summary>The first vertical slice, through the gateway only: documents in Directives, their event in Emulation.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DocumentsThroughGatewayTests(PlatformFixture platform)
{
    private const string Title196 = "Kế hoạch thực hiện Chỉ thị 05-CT/TW về tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";

    private DirectivesService.DirectivesServiceClient Directives => new(platform.Grpc);

    [Fact]
    public async Task Document_created_over_grpc_reads_back_over_json()
    {
        var created = await Directives.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document
            {
                Symbol = "196-KH/TU",
                Title = Title196,
                IssueDate = "Nghệ An, ngày 13 tháng 6 năm 2021", // term 2020-2025: the 2019 plan is the cascade test's
                Implements = { "05-CT/TW" },
            },
        });

        Assert.True(Guid.TryParse(created.Id, out _));
        Assert.Equal(("KH", "TU", 196, "2021-06-13", "2020-2025"), (created.Type, created.Issuer, created.Number, created.IssueDate, created.Term));
        Assert.Equal(["05-CT/TW"], created.Implements);

        using var response = await platform.Json.GetAsync($"/v1/documents/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.Id, json.GetProperty("id").GetString());
        Assert.Equal("196-KH/TU", json.GetProperty("symbol").GetString());
        Assert.Equal(Title196, json.GetProperty("title").GetString());
        Assert.Equal("2021-06-13", json.GetProperty("issueDate").GetString());
        Assert.Equal("KH", json.GetProperty("type").GetString());
        Assert.Equal(created.CreateTime.ToDateTimeOffset(), json.GetProperty("createTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Listing_finds_documents_by_words_without_diacritics_and_filters()
    {
        var plan = await CreateOverJsonAsync("02-KH/TU", "Kế hoạch tổ chức Hội nghị quán triệt Nghị quyết Trung ương 4 khóa XII", "2017-03-02");
        await CreateOverJsonAsync("14-CT/TU", "Chỉ thị về tăng cường công tác tiếp công dân, đối thoại trực tiếp với Nhân dân", "2017-05-10");

        var found = await ListAsync("?query=quan%20triet%20nghi%20quyet%20trung%20uong");
        Assert.Equal([plan.GetProperty("id").GetString()], found.Select(d => d.GetProperty("id").GetString()));

        var directives = await ListAsync("?type=CT&issuer=TU&query=tiep%20cong%20dan");
        Assert.Equal(["14-CT/TU"], directives.Select(d => d.GetProperty("symbol").GetString()));

        Assert.Empty(await ListAsync("?type=NQ&query=tiep%20cong%20dan"));
    }

    [Fact]
    public async Task Listing_pages_with_page_tokens()
    {
        for (var number = 20; number < 25; number++)
        {
            await Directives.CreateDocumentAsync(new CreateDocumentRequest
            {
                Document = new Document { Symbol = $"{number}-TB/VPTU", Title = $"Thông báo kết luận số {number} về phân trang", IssueDate = $"2024-01-{number:00}" },
            });
        }

        var seen = new List<string>();
        var request = new ListDocumentsRequest { Query = "phan trang", PageSize = 2 };
        do
        {
            var page = await Directives.ListDocumentsAsync(request);
            Assert.True(page.Documents.Count <= 2);
            seen.AddRange(page.Documents.Select(d => d.Symbol));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        // Newest issue date first, each exactly once.
        Assert.Equal(["24-TB/VPTU", "23-TB/VPTU", "22-TB/VPTU", "21-TB/VPTU", "20-TB/VPTU"], seen);

        var foreignToken = await Directives.ListDocumentsAsync(new ListDocumentsRequest { Query = "phan trang", PageSize = 1 });
        var misuse = await Assert.ThrowsAsync<RpcException>(() =>
            Directives.ListDocumentsAsync(new ListDocumentsRequest { Query = "other", PageToken = foreignToken.NextPageToken }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, misuse.StatusCode);
        Assert.Equal("page_token", Assert.Single(BadRequestOf(misuse).FieldViolations).Field);
    }

    [Fact]
    public async Task A_malformed_symbol_is_invalid_argument_naming_the_field_over_grpc_and_json()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Directives.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "5-KH/TU", Title = "Số không đệm", IssueDate = "2020-01-01" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(BadRequestOf(error).FieldViolations);
        Assert.Equal("document.symbol", violation.Field);
        Assert.Contains("'5'", violation.Description);

        using var response = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol = "196-XYZ/TU", title = "Loại văn bản lạ", issueDate = "2020-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = body.GetProperty("details")[0].GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString());
        Assert.Equal(["document.symbol"], fields);
    }

    [Fact]
    public async Task A_duplicate_is_already_exists_and_writes_nothing()
    {
        var first = await CreateOverJsonAsync("07-HD/BTCTU", "Hướng dẫn về đánh giá, xếp loại chất lượng", "2023-11-20");
        var outboxBefore = await CountAsync("directives", "SELECT count(*) FROM outbox_messages");

        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Directives.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "07-HD/BTCTU", Title = "Cùng số, cùng nhiệm kỳ", IssueDate = "20/11/2023" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);

        using var response = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol = "07-HD/BTCTU", title = "Lần nữa qua JSON", issueDate = "2023-12-01" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);

        // Nothing half-written: no second row, no second event.
        Assert.Equal(1, await CountAsync("directives", "SELECT count(*) FROM documents WHERE symbol = '07-HD/BTCTU'"));
        Assert.Equal(outboxBefore, await CountAsync("directives", "SELECT count(*) FROM outbox_messages"));
        Assert.NotNull(first.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_issued_document_appears_in_emulation_within_seconds()
    {
        var created = await CreateOverJsonAsync("05-QC/BTCTU-BDVTU", "Quy chế phối hợp giữa Ban Tổ chức và Ban Dân vận Tỉnh ủy", "2022-08-15");
        var id = created.GetProperty("id").GetString();

        JsonElement? known = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (known is null && DateTime.UtcNow < deadline)
        {
            using var response = await platform.Json.GetAsync($"/v1/known-documents/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                known = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                await Task.Delay(200);
            }
        }

        Assert.NotNull(known);
        Assert.Equal(id, known.Value.GetProperty("id").GetString());
        Assert.Equal("05-QC/BTCTU-BDVTU", known.Value.GetProperty("symbol").GetString());
        Assert.Equal("Quy chế phối hợp giữa Ban Tổ chức và Ban Dân vận Tỉnh ủy", known.Value.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_gateway_reports_ready_and_unknown_documents_are_not_found()
    {
        using var ready = await platform.Json.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var missing = await platform.Json.GetAsync($"/v1/documents/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var error = await Assert.ThrowsAsync<RpcException>(() => Directives.GetDocumentAsync(new GetDocumentRequest { Id = "not-a-uuid" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("id", Assert.Single(BadRequestOf(error).FieldViolations).Field);
    }

    private async Task<JsonElement> CreateOverJsonAsync(string symbol, string title, string issueDate)
    {
        using var response = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol, title, issueDate });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /v1/documents {symbol}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<List<JsonElement>> ListAsync(string queryString)
    {
        var body = await platform.Json.GetFromJsonAsync<JsonElement>($"/v1/documents{queryString}");
        return body.GetProperty("documents").EnumerateArray().ToList();
    }

    private Task<long> CountAsync(string service, string sql) => platform.CountAsync(service, sql);

    [Fact]
    public async Task A_document_goes_from_draft_to_issued_amended_superseded_and_expired_and_its_tasks_publish_their_events()
    {
        string Symbol() => $"{Random.Shared.Next(1_000, 1_000_000)}-TB/TU";
        async Task<Document> CreateAsync(DocumentStatus status = DocumentStatus.Unspecified) =>
            await Directives.CreateDocumentAsync(new CreateDocumentRequest { Document = new Document { Symbol = Symbol(), Title = "Thông báo kết luận", IssueDate = "2026-11-02", Status = status } });
        Task LinkAsync(Document from, Document to, LinkKind kind) =>
            Directives.CreateDocumentLinkAsync(new CreateDocumentLinkRequest { DocumentId = from.Id, Link = new DocumentLink { TargetId = to.Id, Kind = kind } }).ResponseAsync;
        async Task<DocumentStatus> StatusOf(Document d) => (await Directives.GetDocumentAsync(new GetDocumentRequest { Id = d.Id })).Status;

        // Draft, then issued: DocumentIssued is written when it is issued, not before.
        var original = await CreateAsync(DocumentStatus.Draft);
        Assert.Equal(0, await OutboxAsync("DocumentIssued", original.Id));
        Assert.Equal(DocumentStatus.Issued, (await Directives.IssueDocumentAsync(new IssueDocumentRequest { Id = original.Id })).Status);
        Assert.Equal(1, await OutboxAsync("DocumentIssued", original.Id));

        // Integrated with another: no change of status. Amended, then superseded, each with its event.
        var together = await CreateAsync();
        await LinkAsync(together, original, LinkKind.IntegratedWith);
        Assert.Equal(DocumentStatus.Issued, await StatusOf(original));
        await LinkAsync(await CreateAsync(), original, LinkKind.Amends);
        Assert.Equal(DocumentStatus.Amended, await StatusOf(original));
        Assert.Equal(1, await OutboxAsync("DocumentAmended", original.Id));
        await LinkAsync(await CreateAsync(), original, LinkKind.Supersedes);
        Assert.Equal(DocumentStatus.Superseded, await StatusOf(original));
        Assert.Equal(1, await OutboxAsync("DocumentSuperseded", original.Id));

        // A superseded document does not expire; an issued one does.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Directives.ExpireDocumentAsync(new ExpireDocumentRequest { Id = original.Id }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(DocumentStatus.Expired, (await Directives.ExpireDocumentAsync(new ExpireDocumentRequest { Id = together.Id })).Status);

        // A one-off task: assigned, reported on with evidence, completed; a review is published. Each writes its event.
        var plan = await CreateAsync();
        var task = await Directives.CreateTaskAsync(new CreateTaskRequest
        {
            DocumentId = plan.Id,
            Task = new DocumentTask { Title = "Tổ chức hội nghị quán triệt", LeadUnitId = "phuong-truong-vinh", CoordinatingUnitIds = { "phuong-vinh-hung" }, DueDate = "2026-12-30" },
        });
        await Directives.CreateProgressReportAsync(new CreateProgressReportRequest
        {
            TaskId = task.Id, Report = new ProgressReport { Summary = "Đã tổ chức hội nghị", EvidenceRefs = { "bien-ban/2026/12" }, PercentComplete = 100 },
        });
        Assert.Equal(NgheAn.Contracts.Directives.V1.TaskStatus.Done, (await Directives.CompleteTaskAsync(new CompleteTaskRequest { Id = task.Id })).Status);
        var review = await Directives.CreateReviewAsync(new CreateReviewRequest
        {
            DocumentId = plan.Id, Review = new Review { Kind = ReviewKind.Interim, PeriodStart = "2026-11-01", PeriodEnd = "2026-12-31" },
        });
        Assert.Equal(1, Assert.Single(review.TasksByUnit).Done);
        Assert.Equal(
            (1, 1, 1),
            (await OutboxAsync("TaskAssigned", task.Id, "tasks"), await OutboxAsync("TaskProgressReported", task.Id, "tasks"), await OutboxAsync("TaskCompleted", task.Id, "tasks")));
        Assert.Equal(1, await OutboxAsync("ReviewPublished", review.Id, "reviews"));
    }

    /// <summary>Rows of an event type about one resource in Directives' outbox.</summary>
    private async Task<long> OutboxAsync(string eventType, string id, string collection = "documents") =>
        await platform.CountAsync("directives", "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND subject = @subject",
            ("type", $"%.{eventType}"), ("subject", $"{collection}/{id}"));

    private static BadRequest BadRequestOf(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>() ?? throw new Xunit.Sdk.XunitException($"No google.rpc.BadRequest in {error.Status}");
}
