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
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly string[] Databases = ["directives", "cadrework", "emulation", "supervision"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    /// <summary>The running AppHost, for checks of a single service behind the gateway.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform has not started.");

    public HttpClient Json { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

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
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);

        Json = new HttpClient { BaseAddress = _app.GetEndpoint("gateway", "http") };
        Grpc = GrpcChannel.ForAddress(_app.GetEndpoint("gateway", "grpc"));
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

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
