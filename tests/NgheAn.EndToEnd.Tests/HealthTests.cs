using System.Net;
using Aspire.Hosting.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Every service and the gateway report health over HTTP and the standard grpc.health.v1 service.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HealthTests(PlatformFixture platform)
{
    public static TheoryData<string> Resources => new() { "directives", "directives-2", "cadrework", "emulation", "supervision", "gateway", "gateway-2" };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Live_and_ready_over_http(string resource)
    {
        using var http = new HttpClient { BaseAddress = platform.App.GetEndpoint(resource, "http") };

        using var live = await http.GetAsync("/health/live");
        using var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Serving_over_grpc_health(string resource)
    {
        using var channel = GrpcChannel.ForAddress(platform.App.GetEndpoint(resource, "grpc"));
        var health = new Health.HealthClient(channel);

        foreach (var service in new[] { "", "readiness", "liveness" })
        {
            var reply = await health.CheckAsync(new HealthCheckRequest { Service = service });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }
}
