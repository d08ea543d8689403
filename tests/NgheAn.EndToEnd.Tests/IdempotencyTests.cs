using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using NgheAn.Contracts.Directives.V1;
using NgheAn.ServiceDefaults.Security;
using Npgsql;
using StackExchange.Redis;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Idempotency-Key on writes, with records in Redis shared by both gateway instances, sealed, per whole caller.</summary>
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
        // What a gateway writes when it starts forwarding the first request (and holds until it ends):
        // sealed, under the whole caller (the fixture's token: this address's person, provincial office, no unit).
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("POST\n/v1/documents\n" + json)));
        var redisKey = $"nghean:gateway:idempotency:sub:caller-{caller};roles:provincial-office;unit::{key}";
        await using (var redis = await ConnectRedisAsync())
        {
            await redis.GetDatabase().StringSetAsync(redisKey,
                SealedRecords.Seal(JsonSerializer.SerializeToUtf8Bytes(new { state = "pending", fingerprint }), redisKey), TimeSpan.FromMinutes(1));
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

    [Fact]
    public async Task The_same_subject_with_other_roles_or_another_unit_gets_its_own_answer_never_the_first_callers()
    {
        var person = $"one-person-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var body = new { symbol = "311-TB/TU", title = "Văn bản của văn phòng tỉnh, khóa dùng chung", issueDate = "2024-03-11" };

        using var office = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], person: person));
        using var first = await PostAsync(office, key, body);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        var firstId = JsonDocument.Parse(firstBody).RootElement.GetProperty("id").GetString()!;

        // The same person as a party member of a ward: may not register documents, and is told so.
        using var member = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.PartyMember], "phuong-truong-vinh", person));
        using var asMember = await PostAsync(member, key, body);
        var memberBody = await asMember.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.False(asMember.Headers.Contains("Idempotency-Replayed"));
        Assert.DoesNotContain(firstId, memberBody, StringComparison.Ordinal);

        // The same person as a ward's staff: its own request in its own unit, not the office's answer.
        using var staff = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-vinh-hung", person));
        using var asStaff = await PostAsync(staff, key, body);
        var staffBody = await asStaff.Content.ReadAsStringAsync();
        Assert.False(asStaff.Headers.Contains("Idempotency-Replayed"), staffBody);
        Assert.DoesNotContain(firstId, staffBody, StringComparison.Ordinal);

        // The office itself still gets its replay.
        using var again = await PostAsync(office, key, body);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_grpc_read_with_an_idempotency_key_is_neither_kept_nor_replayed()
    {
        var caller = new Metadata { { "x-forwarded-for", PlatformFixture.NewCallerAddress() } };
        var client = new DirectivesService.DirectivesServiceClient(platform.Grpc);
        var draft = await client.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "312-TB/TU", Title = "Dự thảo đọc bằng khóa lũy đẳng", IssueDate = "2024-03-12", Status = DocumentStatus.Draft },
        }, caller);
        var key = Guid.NewGuid().ToString();
        var keyed = new Metadata { { "x-forwarded-for", caller.GetValue("x-forwarded-for")! }, { "idempotency-key", key } };

        var before = await client.GetDocumentAsync(new GetDocumentRequest { Id = draft.Id }, keyed);
        await client.IssueDocumentAsync(new IssueDocumentRequest { Id = draft.Id }, caller);
        var call = client.GetDocumentAsync(new GetDocumentRequest { Id = draft.Id }, keyed);
        var after = await call.ResponseAsync;

        Assert.Equal(DocumentStatus.Draft, before.Status);
        Assert.Equal(DocumentStatus.Issued, after.Status); // the change made in between is seen
        Assert.Null((await call.ResponseHeadersAsync).GetValue("idempotency-replayed"));
        Assert.Empty(await RecordKeysAsync(key));
    }

    [Fact]
    public async Task A_stored_record_holds_no_plaintext_of_the_response()
    {
        var key = Guid.NewGuid().ToString();
        var canary = $"ban-ghi-kin-{Guid.NewGuid():N}";
        using var created = await PostAsync(platform.Json, PlatformFixture.NewCallerAddress(), key,
            new { symbol = "313-TB/TU", title = $"Thông báo {canary}", issueDate = "2024-03-13" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.OK, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        var redisKey = Assert.Single(await RecordKeysAsync(key));
        await using var redis = await ConnectRedisAsync();
        var stored = (byte[])(await redis.GetDatabase().StringGetAsync(redisKey))!;

        foreach (var secret in new[] { canary, id, "313-TB/TU", "\"status\"", Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) })
        {
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        }

        // And it is the response: opened with the (development) key, bound to its Redis key.
        var record = JsonDocument.Parse(SealedRecords.Open(stored, redisKey)).RootElement;
        Assert.Equal("done", record.GetProperty("state").GetString());
        Assert.Contains(canary, Encoding.UTF8.GetString(record.GetProperty("body").GetBytesFromBase64()), StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => SealedRecords.Open(stored, redisKey + "-other-caller"));
    }

    [Fact]
    public async Task A_retry_sent_the_moment_the_answer_arrives_is_replayed_never_refused_as_in_flight()
    {
        // The record is stored before the answer is sent: there is no moment to fall into. The retry
        // leaves as soon as the first answer's headers arrive; looped, as the window used to be small
        // (IdempotencyOrderTests in the gateway's tests shows the order without a race).
        for (var i = 0; i < 20; i++)
        {
            var caller = PlatformFixture.NewCallerAddress();
            var key = Guid.NewGuid().ToString();
            var body = new { symbol = $"{320 + i}-TB/TU", title = "Thử lại ngay khi có trả lời", issueDate = "2024-03-20" };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/documents") { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Forwarded-For", caller);
            request.Headers.Add("Idempotency-Key", key);
            using var first = await platform.Json.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var retry = await PostAsync(platform.Json2, caller, key, body);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(retry.StatusCode == HttpStatusCode.OK, $"retry {i}: {(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
            Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotency-Replayed")));
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string caller, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", caller);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/documents") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static Task<ConnectionMultiplexer> ConnectRedisAsync() =>
        ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("ConnectionStrings__redis")!);

    /// <summary>The Redis keys of every caller's record for this Idempotency-Key.</summary>
    private static async Task<List<string>> RecordKeysAsync(string key)
    {
        await using var redis = await ConnectRedisAsync();
        var server = redis.GetServers()[0];
        var keys = new List<string>();
        await foreach (var found in server.KeysAsync(pattern: $"nghean:gateway:idempotency:*:{key}"))
        {
            keys.Add(found.ToString());
        }

        return keys;
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

/// <summary>
/// The gateway's sealing of idempotency records, as an outsider with the public development key sees
/// it: version 1 | nonce (12) | tag (16) | AES-256-GCM ciphertext, the Redis key as associated data.
/// </summary>
internal static class SealedRecords
{
    private static readonly byte[] DevelopmentKey = Encoding.ASCII.GetBytes("nghean-idempotency-development!!");

    public static byte[] Seal(byte[] plain, string redisKey)
    {
        var sealedRecord = new byte[29 + plain.Length];
        sealedRecord[0] = 1;
        RandomNumberGenerator.Fill(sealedRecord.AsSpan(1, 12));
        using var aes = new AesGcm(DevelopmentKey, 16);
        aes.Encrypt(sealedRecord.AsSpan(1, 12), plain, sealedRecord.AsSpan(29), sealedRecord.AsSpan(13, 16), Encoding.UTF8.GetBytes(redisKey));
        return sealedRecord;
    }

    public static byte[] Open(byte[] sealedRecord, string redisKey)
    {
        var plain = new byte[sealedRecord.Length - 29];
        using var aes = new AesGcm(DevelopmentKey, 16);
        aes.Decrypt(sealedRecord.AsSpan(1, 12), sealedRecord.AsSpan(29), sealedRecord.AsSpan(13, 16), plain, Encoding.UTF8.GetBytes(redisKey));
        return plain;
    }
}
