using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

public static class Scenarios
{
    /// <summary>A lab scenario on the shared test servers, in a database and virtual host of its own.</summary>
    public static Task<LabScenario> CreateAsync() => LabScenario.CreateAsync(Servers.Postgres, Servers.RabbitMq, Servers.Management);

    /// <summary>Asserts that every one of the events was applied exactly once, and nothing else was.</summary>
    public static async Task AssertAppliedExactlyOnceAsync(this LabScenario scenario, IReadOnlyCollection<Guid> events)
    {
        var effects = await scenario.EffectsPerMessageAsync();
        var missing = events.Where(e => !effects.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {events.Count} events never applied, e.g. {missing.FirstOrDefault()}");
        Assert.Empty(effects.Where(e => e.Value != 1).Select(e => $"{e.Key} applied {e.Value} times"));
        Assert.Equal(events.Count, effects.Count);
        Assert.Equal(events.Count, await scenario.ScalarAsync("SELECT count(*) FROM inbox_messages"));
    }
}
