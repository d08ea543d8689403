using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using Npgsql;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// The whole platform, started once for all end-to-end tests from the real AppHost: the four
/// services and the gateway, against the PostgreSQL, RabbitMQ and Redis that scripts/test.sh
/// started (their connection strings come from the environment). Tests talk to the gateway only.
/// Two gateway instances share Redis (rate limits and idempotency keys hold across replicas); the
/// rate limit is small (<see cref="RateLimit"/> per <see cref="RateLimitWindow"/>) so tests can
/// reach it. Every request of the ready-made clients comes from a caller of its own (a fresh
/// X-Forwarded-For address, which the gateway believes from loopback) unless the test names one.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly string[] Databases = ["directives", "cadrework", "emulation", "supervision"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    public const int RateLimit = 20;
    public static readonly TimeSpan RateLimitWindow = TimeSpan.FromSeconds(30);
    public const string AllowedOrigin = "https://app.nghean.test";

    private DistributedApplication? _app;

    /// <summary>The running AppHost, for checks of a single service behind the gateway.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform has not started.");

    public HttpClient Json { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    /// <summary>The second gateway instance ("gateway-2"): JSON.</summary>
    public HttpClient Json2 { get; private set; } = null!;

    /// <summary>The second gateway instance ("gateway-2"): gRPC.</summary>
    public GrpcChannel Grpc2 { get; private set; } = null!;

    public string PostgresConnectionString { get; } = RequiredEnvironment("ConnectionStrings__postgres");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await DropDatabasesAsync();

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NgheAn_AppHost>(
            [
                $"--ConnectionStrings:postgres={PostgresConnectionString}",
                $"--ConnectionStrings:rabbitmq={RequiredEnvironment("ConnectionStrings__rabbitmq")}",
                $"--ConnectionStrings:redis={RequiredEnvironment("ConnectionStrings__redis")}",
                "--Gateway:Instances=2",
                $"--Gateway:RateLimits:PermitLimit={RateLimit}",
                $"--Gateway:RateLimits:Window={RateLimitWindow}",
                $"--Gateway:Cors:AllowedOrigins:0={AllowedOrigin}",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway-2", timeout.Token);

        Json = JsonClient("gateway");
        Grpc = GrpcChannelTo("gateway");
        Json2 = JsonClient("gateway-2");
        Grpc2 = GrpcChannelTo("gateway-2");
    }

    /// <summary>A JSON client of a gateway instance whose requests each come from a new caller unless they set X-Forwarded-For.</summary>
    public HttpClient JsonClient(string gateway) =>
        new(new CallerPerRequestHandler(new SocketsHttpHandler())) { BaseAddress = App.GetEndpoint(gateway, "http") };

    /// <summary>A gRPC channel to a gateway instance whose calls each come from a new caller unless they set x-forwarded-for.</summary>
    public GrpcChannel GrpcChannelTo(string gateway) =>
        GrpcChannel.ForAddress(App.GetEndpoint(gateway, "grpc"), new GrpcChannelOptions
        {
            HttpHandler = new CallerPerRequestHandler(new SocketsHttpHandler()),
        });

    /// <summary>A caller address no other test uses (for rate limits and idempotency records).</summary>
    public static string NewCallerAddress() =>
        $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public async Task DisposeAsync()
    {
        Json?.Dispose();
        Grpc?.Dispose();
        Json2?.Dispose();
        Grpc2?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A connection to one service's own database, for checks the API cannot show.</summary>
    public NpgsqlConnection OpenDatabase(string database) =>
        new(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = database }.ConnectionString);

    // Each run starts from empty databases so fixed symbols like 196-KH/TU can be created again.
    // Refuses anything but the test servers, so a developer's own data is never dropped.
    private async Task DropDatabasesAsync()
    {
        if (Environment.GetEnvironmentVariable("NGHEAN_PROFILE") != "test")
        {
            throw new InvalidOperationException("NGHEAN_PROFILE is not 'test': run the tests with scripts/test.sh.");
        }

        await using var connection = OpenDatabase("postgres");
        await connection.OpenAsync();
        foreach (var database in Databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static string RequiredEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with scripts/test.sh, which starts the servers and sets it.");
}

/// <summary>Stamps X-Forwarded-For with a fresh address on requests that carry none, so tests never share a rate-limit budget.</summary>
public sealed class CallerPerRequestHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("X-Forwarded-For"))
        {
            request.Headers.Add("X-Forwarded-For", PlatformFixture.NewCallerAddress());
        }

        return base.SendAsync(request, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
