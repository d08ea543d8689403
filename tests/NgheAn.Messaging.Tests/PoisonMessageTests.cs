using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// Test 4: a message the consumer cannot apply is retried, then parked in the error queue with its
/// exception, while the messages behind it are applied; after the fix, the documented operator
/// command (scripts/error-queue.sh) re-queues it and it is applied once.
/// </summary>
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_and_is_applied_once_after_the_fix_and_requeue()
    {
        await using var scenario = await Scenarios.CreateAsync();
        var host = await scenario.StartHostAsync(LabRoles.Both);

        var poison = await host.AcceptAsync(Guid.NewGuid(), $"{PoisonSwitch.Prefix}: a bug in the consumer");
        var behind = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            behind.Add((await host.AcceptAsync(Guid.NewGuid(), $"healthy {i}")).EventId);
        }

        await scenario.WaitForEffectsAsync(50, TimeSpan.FromSeconds(60));
        // Delivery is at least once: under load the relay may publish the poison twice (same id),
        // and both copies end in the error queue. Only the poison may be there.
        await WaitForErrorQueueAsync(scenario, count => count >= 1, "at least 1");
        await scenario.AssertAppliedExactlyOnceAsync(behind);

        var env = new Dictionary<string, string> { ["NGHEAN_RABBITMQ_MANAGEMENT_URL"] = Servers.Management.ToString() };
        string[] vhost = ["--vhost", scenario.VirtualHost!];
        var listed = await Servers.RunScriptAsync("error-queue.sh", [.. vhost, "list", LabScenario.ErrorQueue], TimeSpan.FromSeconds(60), env);
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Contains(poison.EventId.ToString(), listed.Output);
        Assert.Contains("the consumer has a bug", listed.Output);

        scenario.Poison.Fixed = true;
        var requeued = await Servers.RunScriptAsync("error-queue.sh", [.. vhost, "requeue", LabScenario.ErrorQueue], TimeSpan.FromSeconds(60), env);
        Assert.True(requeued.ExitCode == 0, requeued.Output);
        Assert.Contains("re-queued", requeued.Output);

        await scenario.WaitForEffectsAsync(51, TimeSpan.FromSeconds(60));
        await WaitForErrorQueueAsync(scenario, count => count == 0, "0");
        await scenario.AssertAppliedExactlyOnceAsync([.. behind, poison.EventId]);
    }

    // The management API's queue counts lag by up to its statistics interval (5 s).
    private static Task WaitForErrorQueueAsync(LabScenario scenario, Func<long, bool> expected, string description) =>
        Servers.WaitUntilAsync(
            async () => await Servers.QueueMessagesAsync(Servers.Management, scenario.VirtualHost!, LabScenario.ErrorQueue) is { } count && expected(count),
            TimeSpan.FromSeconds(60),
            async () => $"{await Servers.QueueMessagesAsync(Servers.Management, scenario.VirtualHost!, LabScenario.ErrorQueue)} messages in {LabScenario.ErrorQueue}, expected {description}");
}
