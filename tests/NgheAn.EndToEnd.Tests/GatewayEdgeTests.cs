using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Reflection.V1Alpha;
using NgheAn.Contracts.Directives.V1;
using NgheAn.Contracts.Supervision.V1;

using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Errors as problem+json (the gateway's own too) or gRPC statuses, hardening headers, gRPC reflection and gRPC-Web through the gateway, CORS, correlation ids and trace context.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayEdgeTests(PlatformFixture platform)
{
    [Fact]
    public async Task Json_errors_are_problem_details_with_field_errors_and_the_original_details()
    {
        using var invalid = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol = "5-KH/TU", title = "Số không đệm", issueDate = "2020-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("code").GetString());
        Assert.Equal("https://nghean.vn/problems/invalid-argument", problem.GetProperty("type").GetString());
        Assert.Equal("Invalid argument", problem.GetProperty("title").GetString());
        Assert.Contains("'5'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'5'", problem.GetProperty("errors").GetProperty("document.symbol")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", problem.GetProperty("details")[0].GetProperty("@type").GetString());

        using var missing = await platform.Json.GetAsync($"/v1/known-documents/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NOT_FOUND", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_gateways_own_refusals_over_json_are_problem_details()
    {
        using var anonymous = platform.JsonClientWithToken(null);
        using var noToken = await anonymous.GetAsync("/v1/documents");
        var problem = await AssertProblemAsync(noToken, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("bearer token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);

        using var unknown = await platform.Json.GetAsync("/v1/no-such-things");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        using var unknownAnonymous = await anonymous.PostAsJsonAsync("/nowhere", new { });
        await AssertProblemAsync(unknownAnonymous, HttpStatusCode.NotFound, "NOT_FOUND");

        // A known path, a method it does not take (the service's routing says 405; the gateway gives it a body).
        using var wrongMethod = await platform.Json.DeleteAsync("/v1/documents");
        await AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "UNIMPLEMENTED");

        using var tooLarge = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol = "402-TB/TU", title = new string('x', 1_500_000), issueDate = "2024-04-02" });
        await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "RESOURCE_EXHAUSTED");
        // Without a Content-Length (chunked) the limit holds while the body is read.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/documents") { Content = JsonContent.Create(new { symbol = "403-TB/TU", title = new string('y', 1_500_000), issueDate = "2024-04-03" }) };
        chunked.Headers.TransferEncodingChunked = true;
        await AssertProblemAsync(await platform.Json.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, "RESOURCE_EXHAUSTED");

        using var notJson = await platform.Json.PostAsync("/v1/documents", new StringContent("symbol=404-TB/TU", Encoding.UTF8, "text/plain"));
        await AssertProblemAsync(notJson, HttpStatusCode.UnsupportedMediaType, "INVALID_ARGUMENT");

        // A role refused by a service's authorisation: in shape too, through the gateway.
        using var council = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.EmulationCouncil]));
        using var denied = await council.GetAsync("/v1/disciplines");
        await AssertProblemAsync(denied, HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task The_gateways_own_refusals_over_grpc_are_statuses_with_a_message()
    {
        var anonymous = await Assert.ThrowsAsync<RpcException>(() =>
            new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(null)).ListDocumentsAsync(new ListDocumentsRequest()).ResponseAsync);
        AssertStatus(anonymous, StatusCode.Unauthenticated);

        var council = await Assert.ThrowsAsync<RpcException>(() =>
            new SupervisionService.SupervisionServiceClient(platform.GrpcChannelFor(DevelopmentTokens.Create([PlatformRoles.EmulationCouncil])))
                .ListDisciplinesAsync(new ListDisciplinesRequest()).ResponseAsync);
        AssertStatus(council, StatusCode.PermissionDenied);

        var unknownService = await Assert.ThrowsAsync<RpcException>(() => CallAsync("nghean.nowhere.v1.NoService", "Do"));
        AssertStatus(unknownService, StatusCode.Unimplemented);
        var unknownMethod = await Assert.ThrowsAsync<RpcException>(() => CallAsync("nghean.directives.v1.DirectivesService", "NoSuchMethod"));
        Assert.Equal(StatusCode.Unimplemented, unknownMethod.StatusCode);

        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => new DirectivesService.DirectivesServiceClient(platform.Grpc).CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "405-TB/TU", Title = new string('z', 1_500_000), IssueDate = "2024-04-05" },
        }).ResponseAsync);
        AssertStatus(tooLarge, StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Every_response_says_nosniff_and_names_no_server()
    {
        using var anonymous = platform.JsonClientWithToken(null);
        using var direct = new HttpClient { BaseAddress = platform.App.GetEndpoint("directives", "http") };
        var responses = new[]
        {
            await platform.Json.GetAsync("/v1/documents?page_size=1"),
            await platform.Json.GetAsync("/v1/no-such-things"),
            await anonymous.GetAsync("/v1/documents"),
            await anonymous.GetAsync("/openapi/v1.json"),
            await direct.GetAsync("/v1/documents"), // a service itself, refusing
        };
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
                Assert.False(response.Headers.Contains("Server"), $"{response.RequestMessage!.RequestUri}: Server {response.Headers.Server}");
            }
        }

        var call = new DirectivesService.DirectivesServiceClient(platform.Grpc).ListDocumentsAsync(new ListDocumentsRequest { PageSize = 1 });
        var headers = await call.ResponseHeadersAsync;
        await call.ResponseAsync;
        Assert.Equal("nosniff", headers.GetValue("x-content-type-options"));
        Assert.Null(headers.GetValue("server"));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal($"https://nghean.vn/problems/{code.ToLowerInvariant().Replace('_', '-')}", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>A real status from a trailers-only response: a bare HTTP status reads "Bad gRPC response" in Grpc.Net.Client.</summary>
    private static void AssertStatus(RpcException error, StatusCode code)
    {
        Assert.Equal(code, error.StatusCode);
        Assert.DoesNotContain("Bad gRPC response", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.Status.Detail));
    }

    private Task<Empty> CallAsync(string service, string method)
    {
        var marshaller = Marshallers.Create(m => m.ToByteArray(), Empty.Parser.ParseFrom);
        return platform.Grpc.CreateCallInvoker()
            .AsyncUnaryCall(new Method<Empty, Empty>(MethodType.Unary, service, method, marshaller, marshaller), null, new CallOptions(), new Empty())
            .ResponseAsync;
    }

    [Fact]
    public async Task The_gateway_answers_grpc_reflection_for_every_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(platform.Grpc);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("nghean.directives.v1.DirectivesService", services);
        Assert.Contains("nghean.emulation.v1.EmulationService", services);

        var v1 = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(platform.Grpc);
        using var v1Call = v1.ServerReflectionInfo();
        await v1Call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { FileContainingSymbol = "nghean.directives.v1.DirectivesService" });
        await v1Call.RequestStream.CompleteAsync();
        Assert.True(await v1Call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.NotEmpty(v1Call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
    }

    [Fact]
    public async Task Grpc_web_over_http_1_1_reaches_the_services_through_the_gateway()
    {
        using var channel = GrpcChannel.ForAddress(platform.App.GetEndpoint("gateway", "http"), new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new CallerPerRequestHandler(PlatformRoles.ProvincialOffice)),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var client = new DirectivesService.DirectivesServiceClient(channel);

        var created = await client.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "401-TB/TU", Title = "Qua gRPC-Web", IssueDate = "2024-04-01" },
        });
        var page = await client.ListDocumentsAsync(new ListDocumentsRequest { Query = "qua grpc web" });

        Assert.Contains(page.Documents, d => d.Id == created.Id);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetDocumentAsync(new GetDocumentRequest { Id = "not-a-uuid" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_headers_are_exposed()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/documents");
        preflight.Headers.Add("Origin", PlatformFixture.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,idempotency-key,authorization");
        using var allowed = await platform.Json.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(PlatformFixture.AllowedOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("idempotency-key", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/v1/documents?page_size=1");
        get.Headers.Add("Origin", PlatformFixture.AllowedOrigin);
        using var response = await platform.Json.SendAsync(get);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "grpc-status", "grpc-message", "Retry-After", "Idempotency-Replayed", "X-Correlation-Id" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }

        using var foreign = new HttpRequestMessage(HttpMethod.Options, "/v1/documents");
        foreign.Headers.Add("Origin", "https://evil.example");
        foreign.Headers.Add("Access-Control-Request-Method", "POST");
        using var refused = await platform.Json.SendAsync(foreign);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_correlation_id_and_trace_context_reach_the_service_and_come_back()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/documents?page_size=1");
        request.Headers.Add("X-Correlation-Id", "e2e-correlation-42");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await platform.Json.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("e2e-correlation-42", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        // traceresponse is the service's (the gateway adds its own only when the upstream sent none).
        Assert.Equal(traceId, Assert.Single(response.Headers.GetValues("traceresponse")).Split('-')[1]);

        // Without one, the gateway makes one.
        using var anonymous = await platform.Json.GetAsync("/v1/documents?page_size=1");
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(anonymous.Headers.GetValues("X-Correlation-Id")));

        // The services take it (ServiceDefaults), echo it and say which trace they are in.
        using var direct = new HttpClient { BaseAddress = platform.App.GetEndpoint("directives", "http") };
        using var serviceRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/documents?page_size=1");
        serviceRequest.Headers.Add("X-Correlation-Id", "direct-7");
        serviceRequest.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var serviceResponse = await direct.SendAsync(serviceRequest);
        Assert.Equal("direct-7", Assert.Single(serviceResponse.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal(traceId, Assert.Single(serviceResponse.Headers.GetValues("traceresponse")).Split('-')[1]);
    }
}
