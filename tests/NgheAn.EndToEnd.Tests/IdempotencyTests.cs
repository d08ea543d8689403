using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using NgheAn.Contracts.Directives.V1;
using Npgsql;
using StackExchange.Redis;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Idempotency-Key on writes, with records in Redis shared by both gateway instances.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_json_retry_on_the_other_gateway_returns_the_first_response_and_creates_one_document()
    {
        var caller = PlatformFixture.NewCallerAddress();
        var key = Guid.NewGuid().ToString();
        var body = new { symbol = "301-TB/TU", title = "Thông báo thử khóa lũy đẳng", issueDate = "2024-03-01" };

        using var first = await PostAsync(platform.Json, caller, key, body);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        using var retry = await PostAsync(platform.Json2, caller, key, body);
        var retryBody = await retry.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, retryBody);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotency-Replayed")));
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, await CountDocumentsAsync("301-TB/TU"));

        // The key belongs to the caller: another caller with the same key makes its own request.
        using var otherCaller = await PostAsync(platform.Json2, PlatformFixture.NewCallerAddress(), key, body);
        Assert.Equal(HttpStatusCode.Conflict, otherCaller.StatusCode);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_and_has_no_effect()
    {
        var caller = PlatformFixture.NewCallerAddress();
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(platform.Json, caller, key, new { symbol = "302-TB/TU", title = "Lần đầu", issueDate = "2024-03-02" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var reused = await PostAsync(platform.Json2, caller, key, new { symbol = "303-TB/TU", title = "Nội dung khác", issueDate = "2024-03-03" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        var problem = await reused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("code").GetString());
        Assert.Equal(0, await CountDocumentsAsync("303-TB/TU"));
    }

    [Fact]
    public async Task A_grpc_retry_on_the_other_gateway_replays_success_and_error_trailers()
    {
        var metadata = new Metadata { { "x-forwarded-for", PlatformFixture.NewCallerAddress() }, { "idempotency-key", Guid.NewGuid().ToString() } };
        var request = new CreateDocumentRequest { Document = new Document { Symbol = "304-TB/TU", Title = "Qua gRPC", IssueDate = "2024-03-04" } };
        var first = await new DirectivesService.DirectivesServiceClient(platform.Grpc).CreateDocumentAsync(request, metadata);
        var call = new DirectivesService.DirectivesServiceClient(platform.Grpc2).CreateDocumentAsync(request, metadata);
        var retry = await call.ResponseAsync;

        Assert.Equal(first, retry);
        Assert.Equal("true", (await call.ResponseHeadersAsync).GetValue("idempotency-replayed"));
        Assert.Equal(1, await CountDocumentsAsync("304-TB/TU"));

        // A deterministic failure is kept too, with its google.rpc details (grpc-status-details-bin).
        var badMetadata = new Metadata { { "x-forwarded-for", PlatformFixture.NewCallerAddress() }, { "idempotency-key", Guid.NewGuid().ToString() } };
        var bad = new CreateDocumentRequest { Document = new Document { Symbol = "5-TB/TU", Title = "Số không đệm", IssueDate = "2024-03-05" } };
        var firstError = await Assert.ThrowsAsync<RpcException>(() => new DirectivesService.DirectivesServiceClient(platform.Grpc).CreateDocumentAsync(bad, badMetadata).ResponseAsync);
        var replayedError = await Assert.ThrowsAsync<RpcException>(() => new DirectivesService.DirectivesServiceClient(platform.Grpc2).CreateDocumentAsync(bad, badMetadata).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, replayedError.StatusCode);
        Assert.Equal(firstError.Status.Detail, replayedError.Status.Detail);
        Assert.Equal("document.symbol", Assert.Single(replayedError.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal("true", replayedError.Trailers.GetValue("idempotency-replayed"));
    }

    [Fact]
    public async Task A_retry_while_the_first_is_in_flight_is_409()
    {
        var caller = PlatformFixture.NewCallerAddress();
        var key = Guid.NewGuid().ToString();
        const string json = """{"symbol":"305-TB/TU","title":"Đang xử lý","issueDate":"2024-03-05"}""";
        // What a gateway writes when it starts forwarding the first request (and holds until it ends).
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("POST\n/v1/documents\n" + json)));
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("ConnectionStrings__redis")!))
        {
            await redis.GetDatabase().StringSetAsync($"nghean:gateway:idempotency:sub:caller-{caller}:{key}",
                JsonSerializer.Serialize(new { state = "pending", fingerprint }), TimeSpan.FromMinutes(1));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/documents") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", caller);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await platform.Json2.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ABORTED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Equal(0, await CountDocumentsAsync("305-TB/TU"));
    }

    [Fact]
    public async Task A_json_request_id_query_parameter_works_like_the_header_across_gateways()
    {
        var caller = PlatformFixture.NewCallerAddress();
        var path = $"/v1/documents?requestId={Guid.NewGuid()}";
        var body = new { symbol = "306-TB/TU", title = "Khóa lũy đẳng trong request_id", issueDate = "2024-03-06" };

        using var first = await SendAsync(platform.Json, HttpMethod.Post, path, caller, body);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        using var retry = await SendAsync(platform.Json2, HttpMethod.Post, path, caller, body);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(1, await CountDocumentsAsync("306-TB/TU"));

        using var reused = await SendAsync(platform.Json2, HttpMethod.Post, path, caller, body with { symbol = "307-TB/TU" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("request_id", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountDocumentsAsync("307-TB/TU"));
    }

    [Fact]
    public async Task A_json_request_id_in_a_whole_request_body_makes_a_custom_method_safe_to_retry()
    {
        var caller = PlatformFixture.NewCallerAddress();
        using var created = await SendAsync(platform.Json, HttpMethod.Post, "/v1/documents", caller,
            new { symbol = "308-TB/TU", title = "Dự thảo", issueDate = "2024-03-08", status = "DOCUMENT_STATUS_DRAFT" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var issue = new { requestId = Guid.NewGuid().ToString() };

        using var first = await SendAsync(platform.Json, HttpMethod.Post, $"/v1/documents/{id}:issue", caller, issue);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        // Without the request_id a second issue is refused (already issued); with it, the first answer comes back.
        using var retry = await SendAsync(platform.Json2, HttpMethod.Post, $"/v1/documents/{id}:issue", caller, issue);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        using var again = await SendAsync(platform.Json2, HttpMethod.Post, $"/v1/documents/{id}:issue", caller, new { });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_grpc_request_id_field_is_honoured_across_gateways_and_a_different_request_with_it_is_refused()
    {
        var metadata = new Metadata { { "x-forwarded-for", PlatformFixture.NewCallerAddress() } };
        var requestId = Guid.NewGuid().ToString();
        var request = new CreateDocumentRequest { RequestId = requestId, Document = new Document { Symbol = "309-TB/TU", Title = "request_id qua gRPC", IssueDate = "2024-03-09" } };
        var first = await new DirectivesService.DirectivesServiceClient(platform.Grpc).CreateDocumentAsync(request, metadata);
        var call = new DirectivesService.DirectivesServiceClient(platform.Grpc2).CreateDocumentAsync(request, metadata);

        Assert.Equal(first, await call.ResponseAsync);
        Assert.Equal("true", (await call.ResponseHeadersAsync).GetValue("idempotency-replayed"));
        Assert.Equal(1, await CountDocumentsAsync("309-TB/TU"));

        var different = new CreateDocumentRequest { RequestId = requestId, Document = new Document { Symbol = "310-TB/TU", Title = "Khác", IssueDate = "2024-03-10" } };
        var refused = await Assert.ThrowsAsync<RpcException>(() => new DirectivesService.DirectivesServiceClient(platform.Grpc2).CreateDocumentAsync(different, metadata).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("request_id", refused.Status.Detail);
        Assert.Equal(0, await CountDocumentsAsync("310-TB/TU"));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string caller, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", caller);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string caller, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/documents") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", caller);
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task<long> CountDocumentsAsync(string symbol)
    {
        await using var connection = platform.OpenDatabase(platform.DatabaseOf("directives"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM documents WHERE symbol = @symbol", connection);
        command.Parameters.AddWithValue("symbol", symbol);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
