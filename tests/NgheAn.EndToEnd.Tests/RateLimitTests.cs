using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using NgheAn.Contracts.Directives.V1;

namespace NgheAn.EndToEnd.Tests;

/// <summary>One budget per caller, counted in Redis, shared by both gateway instances.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RateLimitTests(PlatformFixture platform)
{
    [Fact]
    public async Task Json_requests_alternating_between_gateways_share_one_limit_then_get_429_with_Retry_After()
    {
        var caller = PlatformFixture.NewCallerAddress();
        for (var i = 0; i < PlatformFixture.RateLimit; i++)
        {
            using var ok = await ListAsync(i % 2 == 0 ? platform.Json : platform.Json2, caller);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Each instance saw only half of the requests: only a shared counter refuses this one.
        using var refused = await ListAsync(platform.Json, caller);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)PlatformFixture.RateLimitWindow.TotalSeconds);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("RESOURCE_EXHAUSTED", problem.GetProperty("code").GetString());

        using var otherInstance = await ListAsync(platform.Json2, caller);
        Assert.Equal(HttpStatusCode.TooManyRequests, otherInstance.StatusCode);

        // The limit is per caller: someone else is still served.
        using var someoneElse = await ListAsync(platform.Json2, PlatformFixture.NewCallerAddress());
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }

    [Fact]
    public async Task Grpc_calls_over_the_shared_limit_get_RESOURCE_EXHAUSTED()
    {
        var caller = new Metadata { { "x-forwarded-for", PlatformFixture.NewCallerAddress() } };
        var clients = new[] { new DirectivesService.DirectivesServiceClient(platform.Grpc), new DirectivesService.DirectivesServiceClient(platform.Grpc2) };
        for (var i = 0; i < PlatformFixture.RateLimit; i++)
        {
            await clients[i % 2].ListDocumentsAsync(new ListDocumentsRequest { PageSize = 1 }, caller);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => clients[1].ListDocumentsAsync(new ListDocumentsRequest { PageSize = 1 }, caller).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("Rate limit", error.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(error.Trailers.GetValue("retry-after"));
    }

    private static Task<HttpResponseMessage> ListAsync(HttpClient client, string caller)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/documents?page_size=1");
        request.Headers.Add("X-Forwarded-For", caller);
        return client.SendAsync(request);
    }
}
