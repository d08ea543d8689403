using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Grpc.Reflection.V1Alpha;
using NgheAn.Contracts.Directives.V1;

using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Errors as problem+json, gRPC reflection and gRPC-Web through the gateway, CORS, correlation ids and trace context.</summary>
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
