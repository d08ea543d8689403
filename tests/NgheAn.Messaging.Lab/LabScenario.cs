using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace NgheAn.Messaging.Lab;

/// <summary>
/// One test's (or benchmark's) world: a database msgtest_&lt;id&gt; and a RabbitMQ virtual host msgtest-&lt;id&gt;, so
/// exchanges, queues and the stream are the test's own; lab service hosts started on them, all
/// named "lab" (queue lab-document-issued). Everything is removed on dispose.
/// </summary>
public sealed class LabScenario : IAsyncDisposable
{
    public const string Service = "lab";
    public const string Queue = "lab-document-issued";
    public const string ErrorQueue = Queue + "_error";

    private readonly List<IHost> _hosts = [];
    private readonly string _postgres;
    private readonly Uri? _management;

    private LabScenario(string id, string postgres, string database, string rabbitMq, Uri? management, string? vhost)
    {
        Id = id;
        _postgres = postgres;
        Database = database;
        RabbitMq = rabbitMq;
        _management = management;
        VirtualHost = vhost;
    }

    public string Id { get; }

    /// <summary>Connection string of the scenario's database.</summary>
    public string Database { get; }

    /// <summary>amqp:// URI of the scenario's virtual host.</summary>
    public string RabbitMq { get; }

    public string? VirtualHost { get; }

    public PoisonSwitch Poison { get; } = new();

    /// <summary>On the given servers; with management, in a fresh virtual host, else in the broker's default one.</summary>
    public static async Task<LabScenario> CreateAsync(string postgres, string rabbitMq, Uri? management)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        string? vhost = null;
        if (management is not null)
        {
            vhost = $"msgtest-{id}";
            rabbitMq = await LabServers.CreateVirtualHostAsync(management, rabbitMq, vhost);
        }

        var database = await LabServers.CreateDatabaseAsync(postgres, $"msgtest_{id}");
        var scenario = new LabScenario(id, postgres, database, rabbitMq, management, vhost);
        using var host = scenario.BuildHost(0);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LabDbContext>().EnsureSchemaAsync();
        return scenario;
    }

    /// <summary>
    /// A host of the lab service. Each role gets a connection pool of its own (as separate
    /// processes would), so in-process writers cannot starve the consumer of connections.
    /// </summary>
    public IHost BuildHost(LabRoles roles, IReadOnlyDictionary<string, string?>? settings = null) =>
        LabHost.Build(Service, new NpgsqlConnectionStringBuilder(Database) { ApplicationName = $"lab-{roles}" }.ConnectionString,
            RabbitMq, roles, settings, Poison);

    /// <summary>Starts a lab host and waits until its bus is connected.</summary>
    public async Task<IHost> StartHostAsync(LabRoles roles, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = BuildHost(roles, settings);
        _hosts.Add(host);
        await host.StartAsync();
        await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    public NpgsqlConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(Database);
        connection.Open();
        return connection;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = OpenConnection();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>How many times each message was applied (effect rows per message id).</summary>
    public async Task<Dictionary<Guid, int>> EffectsPerMessageAsync()
    {
        await using var connection = OpenConnection();
        await using var command = new NpgsqlCommand("SELECT message_id, count(*) FROM lab_effects GROUP BY message_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var effects = new Dictionary<Guid, int>();
        while (await reader.ReadAsync())
        {
            effects[reader.GetGuid(0)] = (int)reader.GetInt64(1);
        }

        return effects;
    }

    /// <summary>Waits until the consumer has applied at least <paramref name="count" /> events; throws a TimeoutException saying how far it got.</summary>
    public Task WaitForEffectsAsync(long count, TimeSpan timeout) =>
        WaitForCountAsync("SELECT count(*) FROM lab_effects", "effects", count, timeout);

    /// <summary>Waits until the relay has marked at least <paramref name="count" /> outbox rows sent.</summary>
    public Task WaitForSentAsync(long count, TimeSpan timeout) =>
        WaitForCountAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL", "outbox rows sent", count, timeout);

    private async Task WaitForCountAsync(string countSql, string what, long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await ScalarAsync(countSql) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout}: {await ScalarAsync(countSql)} of {count} {what}; "
                    + $"{await ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")} outbox rows unsent");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception)
            {
                // Best effort: the host may already have failed.
            }

            host.Dispose();
        }

        if (_management is not null && VirtualHost is not null)
        {
            await LabServers.DeleteVirtualHostAsync(_management, VirtualHost);
        }

        await LabServers.DropDatabaseAsync(_postgres, $"msgtest_{Id}");
    }
}
