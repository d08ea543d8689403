using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NgheAn.Contracts.Directives.V1;
using NgheAn.Gateway.Proxy;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Gateway.Tests;

/// <summary>
/// The whole gateway (its Program, appsettings and proxy pipeline) in front of replicas of one
/// service. Each replica is a gRPC server of its own listening like a pod: on its own address
/// (127.0.0.1, 127.0.0.2, 127.0.0.3), all on the same port. Each counts the calls it serves, so the
/// counts show where the gateway sent every call. One HTTP/2 connection per service would send
/// them all to one replica.
/// </summary>
public sealed class ReplicaBalancingTests : IAsyncLifetime
{
    // Each call goes to the less busy of two replicas picked at random: with 60 calls over two, one
    // gets fewer than 15 about once in 15 000 runs.
    private const int Calls = 60;
    private const int FairShare = Calls / 4;
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(500);

    private readonly List<Replica> _replicas = [];
    private readonly NameTable _dns = new();

    private Replica First => _replicas[0];
    private Replica Second => _replicas[1];
    private Replica Third => _replicas[2];

    public async Task InitializeAsync()
    {
        var port = 0;
        foreach (var address in new[] { "127.0.0.1", "127.0.0.2", "127.0.0.3" })
        {
            var replica = await Replica.StartAsync(IPAddress.Parse(address), port);
            port = replica.Port;
            _replicas.Add(replica);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task Configured_replicas_each_serve_a_fair_share_of_the_calls()
    {
        // Locally (Aspire) each replica is one service-discovery address.
        await using var gateway = Gateway(new()
        {
            ["services:directives:grpc:0"] = $"http://127.0.0.1:{First.Port}",
            ["services:directives:grpc:1"] = $"http://127.0.0.2:{First.Port}",
        });

        await CallAsync(gateway, Calls);

        Assert.InRange(First.Calls, FairShare, Calls);
        Assert.InRange(Second.Calls, FairShare, Calls);
        Assert.Equal(Calls, First.Calls + Second.Calls);
        Assert.Equal(0, Third.Calls);
    }

    [Fact]
    public async Task The_pods_behind_a_headless_name_share_the_calls_and_a_new_or_removed_pod_counts_within_seconds()
    {
        // In Kubernetes one name answers with an address per ready pod.
        _dns.Set("directives", "127.0.0.1", "127.0.0.2");
        await using var gateway = Gateway(new()
        {
            ["services:directives:grpc:0"] = $"http://directives:{First.Port}",
            ["Proxy:Replicas:LookUpAddresses"] = "true",
            ["Proxy:Replicas:RefreshPeriod"] = RefreshPeriod.ToString(),
        });

        await CallAsync(gateway, Calls);
        Assert.InRange(First.Calls, FairShare, Calls);
        Assert.InRange(Second.Calls, FairShare, Calls);
        Assert.Equal(0, Third.Calls);

        // A pod scaled up gets calls after the next look-up...
        _dns.Set("directives", "127.0.0.1", "127.0.0.2", "127.0.0.3");
        await UntilAsync(gateway, () => Third.Calls > 0);

        // ...and a pod taken out (terminating, or no longer ready) gets none, although it still answers.
        _dns.Set("directives", "127.0.0.2", "127.0.0.3");
        await UntilAsync(gateway, () => true, callsPerRound: 20, roundIsDone: served => served[0] == 0);
        var before = _replicas.Select(r => r.Calls).ToArray();
        await CallAsync(gateway, Calls);
        Assert.Equal(before[0], First.Calls);
        Assert.InRange(Second.Calls - before[1], FairShare, Calls);
        Assert.InRange(Third.Calls - before[2], FairShare, Calls);
    }

    private WebApplicationFactory<Program> Gateway(Dictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development"); // development tokens
            // Settings the gateway reads while it is being built: host settings (none is in appsettings.json).
            foreach (var (key, value) in new Dictionary<string, string?>
            {
                // The other services are not called here.
                ["services:cadrework:grpc:0"] = "http://127.0.0.1:1",
                ["services:emulation:grpc:0"] = "http://127.0.0.1:1",
                ["services:supervision:grpc:0"] = "http://127.0.0.1:1",
                // Rate limits and idempotency keys (Redis) are not what these tests are about.
                ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200",
                ["RateLimits:Enabled"] = "false",
            }.Concat(settings))
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services => services.AddSingleton<IHostAddressLookup>(_dns));
        });

    private static async Task CallAsync(WebApplicationFactory<Program> gateway, int calls)
    {
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var client = new DocumentReferenceService.DocumentReferenceServiceClient(channel);
        var caller = new Metadata { { "Authorization", $"Bearer {DevelopmentTokens.Create([PlatformRoles.ProvincialOffice])}" } };
        for (var i = 0; i < calls; i++)
        {
            await client.ListDocumentTypesAsync(new ListDocumentTypesRequest(), caller);
        }
    }

    /// <summary>Calls in rounds until the condition holds and a round's calls per replica satisfy roundIsDone (10 s at most).</summary>
    private async Task UntilAsync(WebApplicationFactory<Program> gateway, Func<bool> condition, int callsPerRound = 1, Func<int[], bool>? roundIsDone = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var before = _replicas.Select(r => r.Calls).ToArray();
            await CallAsync(gateway, callsPerRound);
            var served = _replicas.Select((r, i) => r.Calls - before[i]).ToArray();
            if (condition() && (roundIsDone?.Invoke(served) ?? true))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the gateway did not follow the change in DNS within 10 s (last round: {string.Join(", ", served)})");
            await Task.Delay(50);
        }
    }

    /// <summary>A replica: a real gRPC server (h2c) counting the calls it serves.</summary>
    private sealed class Replica : DocumentReferenceService.DocumentReferenceServiceBase, IAsyncDisposable
    {
        private WebApplication _app = null!;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public int Port { get; private set; }

        public static async Task<Replica> StartAsync(IPAddress address, int port)
        {
            var replica = new Replica();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(replica);
            replica._app = builder.Build();
            replica._app.MapGrpcService<Replica>();
            await replica._app.StartAsync();
            replica.Port = new Uri(replica._app.Urls.Single()).Port;
            return replica;
        }

        public override Task<ListDocumentTypesResponse> ListDocumentTypes(ListDocumentTypesRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new ListDocumentTypesResponse());
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
