using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using NgheAn.ServiceDefaults.Security;
using Npgsql;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// The whole platform, started once for all end-to-end tests from the real AppHost: the four
/// services and the gateway, against the PostgreSQL, RabbitMQ and Redis that scripts/test.sh
/// started (their connection strings come from the environment). Tests talk to the gateway only.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly string[] Services = ["directives", "cadrework", "emulation", "supervision"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly TestBroker _broker = new(RequiredEnvironment("ConnectionStrings__rabbitmq"), RequiredEnvironment("NGHEAN_RABBITMQ_MANAGEMENT_URL"));
    private DistributedApplication? _app;

    /// <summary>The running AppHost, for checks of a single service behind the gateway.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform has not started.");

    public HttpClient Json { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    public string PostgresConnectionString { get; } = RequiredEnvironment("ConnectionStrings__postgres");

    /// <summary>
    /// This run's own databases and RabbitMQ virtual host, so test runs sharing the test servers
    /// (several work trees on one machine) never see each other's data or messages.
    /// </summary>
    public string RunId { get; } = $"e2e_{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _broker.CreateVirtualHostAsync(RunId, timeout.Token);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NgheAn_AppHost>(
            [
                $"--ConnectionStrings:postgres={PostgresConnectionString}",
                $"--Platform:DatabasePrefix={RunId}_",
                $"--ConnectionStrings:rabbitmq={_broker.AmqpUri(RunId)}",
                $"--ConnectionStrings:redis={RequiredEnvironment("ConnectionStrings__redis")}",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);

        await WaitForOrgUnitCopiesAsync(timeout.Token);

        // The default clients act for the provincial office, which sees every unit.
        var office = DevelopmentTokens.Create([PlatformRoles.ProvincialOffice]);
        Json = JsonClient(office);
        Grpc = GrpcChannelFor(office);
    }

    /// <summary>A JSON client of the gateway sending this bearer token (none when null).</summary>
    public HttpClient JsonClient(string? token)
    {
        var client = new HttpClient(new BearerHandler(token)) { BaseAddress = App.GetEndpoint("gateway", "http") };
        return client;
    }

    /// <summary>A gRPC channel to the gateway sending this bearer token (none when null).</summary>
    public GrpcChannel GrpcChannelFor(string? token) =>
        GrpcChannel.ForAddress(App.GetEndpoint("gateway", "grpc"), new GrpcChannelOptions { HttpHandler = new BearerHandler(token) });

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

    private sealed class BearerHandler(string? token) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    public async Task DisposeAsync()
    {
        Json?.Dispose();
        Grpc?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await DropDatabasesAsync();
        await _broker.DeleteVirtualHostAsync(RunId);
    }

    /// <summary>The database of one service in this run.</summary>
    public string DatabaseOf(string service) => $"{RunId}_{service}";

    /// <summary>A connection to one service's own database, for checks the API cannot show.</summary>
    public NpgsqlConnection OpenDatabase(string database) =>
        new(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = database }.ConnectionString);

    private async Task DropDatabasesAsync()
    {
        await using var connection = OpenDatabase("postgres");
        await connection.OpenAsync();
        foreach (var service in Services)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseOf(service)}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static string RequiredEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with scripts/test.sh, which starts the servers and sets it.");
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
