using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// The "chaos" profile of scripts/servers.sh: a RabbitMQ of these tests' own (ports 58672/58673),
/// so stopping it disturbs no other test (each test still takes a virtual host of its own, so
/// nothing left from an earlier run reaches it). The database is on the shared test PostgreSQL.
/// </summary>
public sealed class ChaosBroker : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    public string RabbitMq { get; private set; } = "";

    public Uri Management { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await StartAsync();
        var env = File.ReadAllLines(Path.Combine(Servers.RepoRoot, ".local", "chaos", "env"))
            .Where(l => l.Contains('=') && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));
        RabbitMq = env["ConnectionStrings__rabbitmq"];
        Management = new Uri(env["NGHEAN_RABBITMQ_MANAGEMENT_URL"]);
    }

    public Task StartAsync() => RunAsync("start");

    public Task StopAsync() => RunAsync("stop");

    public Task DisposeAsync() => StopAsync();

    private static async Task RunAsync(string command)
    {
        var (exitCode, output) = await Servers.RunScriptAsync("servers.sh", [command, "chaos", "rabbitmq"], ScriptTimeout);
        Assert.True(exitCode == 0, $"servers.sh {command} chaos rabbitmq failed: {output}");
    }
}

/// <summary>Test 1: RabbitMQ is down while a service accepts 500 commands; after it is back, every event is applied once.</summary>
public sealed class BrokerOutageTests(ChaosBroker broker) : IClassFixture<ChaosBroker>
{
    private const int Commands = 500;

    [Fact]
    public async Task Commands_accepted_while_the_broker_is_down_are_delivered_once_after_it_is_back()
    {
        await using var scenario = await LabScenario.CreateAsync(Servers.Postgres, broker.RabbitMq, broker.Management);
        var service = await scenario.StartHostAsync(LabRoles.Relay);
        await scenario.StartHostAsync(LabRoles.Consume);

        await broker.StopAsync();
        var issued = new List<Guid>();
        for (var i = 0; i < Commands; i++)
        {
            issued.Add((await service.AcceptAsync(Guid.NewGuid(), $"during the outage {i}")).EventId);
        }

        Assert.Equal(Commands, await scenario.ScalarAsync("SELECT count(*) FROM lab_commands"));
        Assert.Equal(Commands, await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
        Assert.Equal(0, await scenario.ScalarAsync("SELECT count(*) FROM lab_effects"));

        await broker.StartAsync();
        await scenario.WaitForEffectsAsync(Commands, TimeSpan.FromSeconds(180));
        await Task.Delay(1000); // a duplicate would arrive right behind
        await scenario.AssertAppliedExactlyOnceAsync(issued);
        Assert.Equal(0, await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
    }
}
