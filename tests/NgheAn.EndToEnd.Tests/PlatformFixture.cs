using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.ServiceDefaults.Security;
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
/// Directives runs as two instances ("directives", "directives-2") on one database, as replicas do in
/// Kubernetes: every test passes through both, and the gateway balances calls over them.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly string[] Services = ["directives", "cadrework", "emulation", "supervision"];
    // Six `dotnet run`s, migrations and the demo tree's ~160 units on 2 cores that other test
    // projects share: 1–3 minutes usually; the margin is for a busy machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The instances of Directives (Platform:Replicas:directives).</summary>
    public static readonly string[] DirectivesReplicas = ["directives", "directives-2"];

    public const int RateLimit = 20;
    public static readonly TimeSpan RateLimitWindow = TimeSpan.FromSeconds(30);
    public const string AllowedOrigin = "https://app.nghean.test";

    private DistributedApplication? _app;

    public PlatformFixture()
        : this(TestBroker.FromSettings(RequiredEnvironment))
    {
    }

    /// <summary>The platform on another RabbitMQ (one a test may stop: <see cref="BrokerOutagePlatform"/>).</summary>
    internal PlatformFixture(TestBroker broker) => Broker = broker;

    /// <summary>The run's virtual host on the test RabbitMQ, managed as the administrator.</summary>
    public TestBroker Broker { get; }

    /// <summary>The running AppHost, for checks of a single service behind the gateway.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform has not started.");

    public HttpClient Json { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    /// <summary>The second gateway instance ("gateway-2"): JSON.</summary>
    public HttpClient Json2 { get; private set; } = null!;

    /// <summary>The second gateway instance ("gateway-2"): gRPC.</summary>
    public GrpcChannel Grpc2 { get; private set; } = null!;

    /// <summary>The PostgreSQL administrator (the AppHost makes each service's role and database with it).</summary>
    public string PostgresConnectionString { get; } = RequiredEnvironment("ConnectionStrings__postgres");

    /// <summary>
    /// This run's own databases and RabbitMQ virtual host, so test runs sharing the test servers
    /// (several work trees on one machine) never see each other's data or messages.
    /// </summary>
    public string RunId { get; } = $"e2e_{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Each service's test clock runs ahead of the real one by the TimeSpan in {this}/{service}.txt (missing or empty = none).</summary>
    public string ClockOffsetDirectory { get; } = Directory.CreateTempSubdirectory("nghean-clocks-").FullName;

    /// <summary>Moves one service's clock (e.g. "directives", "supervision"): let a month pass without waiting for it.</summary>
    public void SetClockOffset(string service, TimeSpan offset) =>
        File.WriteAllText(Path.Combine(ClockOffsetDirectory, $"{service}.txt"), offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture));

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await Broker.CreateVirtualHostAsync(RunId, timeout.Token);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NgheAn_AppHost>(
            [
                $"--ConnectionStrings:postgres={PostgresConnectionString}",
                $"--Platform:DatabasePrefix={RunId}_",
                $"--ConnectionStrings:rabbitmq={Broker.AmqpUri(RunId)}",
                $"--ConnectionStrings:redis={RequiredEnvironment("ConnectionStrings__redis")}",
                "--Gateway:Instances=2",
                $"--Platform:Replicas:directives={DirectivesReplicas.Length}",
                $"--Gateway:RateLimits:PermitLimit={RateLimit}",
                $"--Gateway:RateLimits:Window={RateLimitWindow}",
                $"--Gateway:Cors:AllowedOrigins:0={AllowedOrigin}",
                $"--Testing:ClockOffsetDirectory={ClockOffsetDirectory}",
                "--Directives:OverdueCheck:Interval=00:00:02",
                "--CadreWork:ReorganisationCheck:Interval=00:00:02",
                "--Supervision:DeadlineCheck:Interval=00:00:02",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        // Each Directives instance logs the requests it serves, so a test can tell which one served a call.
        foreach (var replica in builder.Resources.OfType<ProjectResource>().Where(r => DirectivesReplicas.Contains(r.Name)))
        {
            builder.CreateResourceBuilder(replica).WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
        }

        _app = await builder.BuildAsync(timeout.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            WatchRequestLogs();
            await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway-2", timeout.Token);

            await WaitForOrgUnitCopiesAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The platform did not start within {StartTimeout}: {await ResourceStatesAsync(builder.Resources)}");
        }

        // The default clients act for the provincial office, which sees every unit.
        Json = JsonClient("gateway");
        Grpc = GrpcChannelTo("gateway");
        Json2 = JsonClient("gateway-2");
        Grpc2 = GrpcChannelTo("gateway-2");
    }

    /// <summary>
    /// A JSON client of a gateway instance acting for the provincial office; each request comes from
    /// a new caller unless it sets X-Forwarded-For (or its own Authorization).
    /// </summary>
    public HttpClient JsonClient(string gateway) =>
        new(new CallerPerRequestHandler(PlatformRoles.ProvincialOffice)) { BaseAddress = App.GetEndpoint(gateway, "http") };

    /// <summary>A gRPC channel to a gateway instance, acting like <see cref="JsonClient(string)"/>.</summary>
    public GrpcChannel GrpcChannelTo(string gateway) =>
        GrpcChannel.ForAddress(App.GetEndpoint(gateway, "grpc"), new GrpcChannelOptions
        {
            HttpHandler = new CallerPerRequestHandler(PlatformRoles.ProvincialOffice),
        });

    /// <summary>A JSON client of the gateway sending exactly this bearer token (none when null).</summary>
    public HttpClient JsonClientWithToken(string? token) =>
        new(new CallerPerRequestHandler(role: null, token)) { BaseAddress = App.GetEndpoint("gateway", "http") };

    /// <summary>A gRPC channel to the gateway sending exactly this bearer token (none when null).</summary>
    public GrpcChannel GrpcChannelFor(string? token) =>
        GrpcChannel.ForAddress(App.GetEndpoint("gateway", "grpc"), new GrpcChannelOptions { HttpHandler = new CallerPerRequestHandler(role: null, token) });

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The requests each Directives instance logged as served ("Request starting …"), by instance.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Instance, string Line)> DirectivesRequests { get; } = new();

    // Logs are kept only while someone watches them: watch from the start.
    private void WatchRequestLogs()
    {
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var instance in model.Resources.Where(r => DirectivesReplicas.Contains(r.Name)))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    // By resource, not by name: watching by name saw no line here.
                    await foreach (var batch in logs.WatchAsync(instance).WithCancellation(_stopping.Token))
                    {
                        foreach (var line in batch.Where(l => l.Content.Contains("Request starting", StringComparison.Ordinal)))
                        {
                            DirectivesRequests.Enqueue((instance.Name, line.Content));
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // the platform is stopping
                }
            });
        }
    }

    /// <summary>Each service's state and health, and the last lines of one that stopped: which one kept the platform from starting.</summary>
    private async Task<string> ResourceStatesAsync(IEnumerable<IResource> resources)
    {
        var states = new List<string>();
        foreach (var resource in resources.OfType<ProjectResource>())
        {
            App.ResourceNotifications.TryGetCurrentState(resource.Name, out var e);
            var state = $"{resource.Name}: {e?.Snapshot.State?.Text} {e?.Snapshot.HealthStatus}";
            if (e?.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart")
            {
                var lines = new List<string>();
                await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource))
                {
                    lines.AddRange(batch.Select(l => l.Content));
                }

                state += "\n  " + string.Join("\n  ", lines.TakeLast(20));
            }

            states.Add(state);
        }

        return string.Join("\n", states);
    }

    // Access checks need each service's copy of the organisation tree, fed by CadreWork's events.
    private async Task WaitForOrgUnitCopiesAsync(CancellationToken cancellationToken)
    {
        var last = DemoOrgUnitIds[^1];
        foreach (var database in new[] { "directives", "emulation", "supervision" }.Select(DatabaseOf))
        {
            while (true)
            {
                await using var connection = OpenDatabase(database);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM org_units WHERE id = @id", connection);
                command.Parameters.AddWithValue("id", last);
                if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 1)
                {
                    break;
                }

                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static readonly string[] DemoOrgUnitIds = NgheAn.CadreWork.Domain.DemoOrgUnits.Units.Select(u => u.Id).ToArray();

    /// <summary>A caller address no other test uses (for rate limits and idempotency records).</summary>
    public static string NewCallerAddress() =>
        $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        Directory.Delete(ClockOffsetDirectory, recursive: true);
        Json?.Dispose();
        Grpc?.Dispose();
        Json2?.Dispose();
        Grpc2?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await DropDatabasesAsync();
        await Broker.DeleteVirtualHostAsync(RunId);
    }

    /// <summary>The database of one service in this run.</summary>
    public string DatabaseOf(string service) => $"{RunId}_{service}";

    /// <summary>A connection to one service's own database, for checks the API cannot show.</summary>
    public NpgsqlConnection OpenDatabase(string database) =>
        new(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = database }.ConnectionString);

    /// <summary>A person registered in CadreWork by the provincial office, once Supervision's and Emulation's copies know them.</summary>
    public async Task<string> CreatePersonKnownEverywhereAsync(string unit, string name, NgheAn.Contracts.CadreWork.V1.PersonKind kind = NgheAn.Contracts.CadreWork.V1.PersonKind.Cadre, string birthDate = "1979-04-30", NgheAn.Contracts.CadreWork.V1.Sex sex = NgheAn.Contracts.CadreWork.V1.Sex.Male)
    {
        var person = await new NgheAn.Contracts.CadreWork.V1.CadresService.CadresServiceClient(Grpc).CreatePersonAsync(new NgheAn.Contracts.CadreWork.V1.CreatePersonRequest
        {
            Person = new NgheAn.Contracts.CadreWork.V1.Person
            {
                FullName = name, UnitId = unit, Kind = kind, Membership = NgheAn.Contracts.CadreWork.V1.Membership.Full, BirthDate = birthDate, Sex = sex,
            },
        });
        foreach (var service in new[] { "supervision", "emulation" })
        {
            Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync(service, "SELECT count(*) FROM people WHERE person_id = @id", ("id", Guid.Parse(person.Id))), n => n == 1));
        }

        return person.Id;
    }

    /// <summary>A count from one service's own database (outbox rows, read models), with named parameters.</summary>
    public async Task<long> CountAsync(string service, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = OpenDatabase(DatabaseOf(service));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Each database and its role (of the same name) are this run's own.
    private async Task DropDatabasesAsync()
    {
        await using var connection = OpenDatabase("postgres");
        await connection.OpenAsync();
        foreach (var service in Services)
        {
            await using var drop = new NpgsqlCommand(
                $"DROP DATABASE IF EXISTS \"{DatabaseOf(service)}\" WITH (FORCE); DROP ROLE IF EXISTS \"{DatabaseOf(service)}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public static string RequiredEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with scripts/test.sh, which starts the servers and sets it.");
}

/// <summary>
/// Makes each request its own caller, so tests never share a rate-limit budget: a fresh
/// X-Forwarded-For unless the request sets one, and, given a role, a development token whose person
/// follows that address (a test that fixes the address is one caller throughout). With a fixed
/// token, every request carries exactly that token.
/// </summary>
public sealed class CallerPerRequestHandler(string? role, string? token = null) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValues("X-Forwarded-For", out var addresses))
        {
            addresses = [PlatformFixture.NewCallerAddress()];
            request.Headers.Add("X-Forwarded-For", addresses);
        }

        if (request.Headers.Authorization is null)
        {
            var bearer = token ?? (role is null ? null : DevelopmentTokens.Create([role], person: $"caller-{addresses.First()}"));
            if (bearer is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
