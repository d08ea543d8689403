using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>Test 3: the same message delivered twice (one after the other, and at the same time) has one effect.</summary>
public sealed class InboxTests
{
    [Fact]
    public async Task The_same_message_delivered_twice_has_one_effect()
    {
        await using var scenario = await Scenarios.CreateAsync();
        var host = await scenario.StartHostAsync(LabRoles.Consume);
        var bus = host.Services.GetRequiredService<IBus>();
        var deliveries = new DeliveryCounter();
        using var observer = host.Services.GetRequiredService<IBusControl>().ConnectConsumeObserver(deliveries);

        var twiceInSequence = Issued("first");
        await bus.Publish(twiceInSequence, c => c.MessageId = twiceInSequence.EventId);
        await deliveries.WaitForAsync(twiceInSequence.EventId, 1);
        await bus.Publish(twiceInSequence, c => c.MessageId = twiceInSequence.EventId);

        var twiceAtOnce = Issued("second");
        await Task.WhenAll(
            bus.Publish(twiceAtOnce, c => c.MessageId = twiceAtOnce.EventId),
            bus.Publish(twiceAtOnce, c => c.MessageId = twiceAtOnce.EventId));

        // Both copies of both messages were consumed (successfully: the second is a no-op)...
        await deliveries.WaitForAsync(twiceInSequence.EventId, 2);
        await deliveries.WaitForAsync(twiceAtOnce.EventId, 2);
        // ...and each changed the database once.
        await scenario.AssertAppliedExactlyOnceAsync([twiceInSequence.EventId, twiceAtOnce.EventId]);
    }

    private static DocumentIssued Issued(string title) => new()
    {
        DocumentId = Guid.NewGuid(),
        Symbol = "1-KH/TU",
        Type = "KH",
        Issuer = "TU",
        Title = title,
        IssueDate = new DateOnly(2026, 11, 27),
    };

    /// <summary>Counts successful consumes per message id.</summary>
    private sealed class DeliveryCounter : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _consumed = new();
        private readonly ConcurrentQueue<string> _faults = new();

        public async Task WaitForAsync(Guid messageId, int count) =>
            await Servers.WaitUntilAsync(
                () => Task.FromResult(_consumed.GetValueOrDefault(messageId) >= count),
                TimeSpan.FromSeconds(30),
                () => Task.FromResult($"{messageId} consumed {_consumed.GetValueOrDefault(messageId)} of {count} times; faults: {string.Join(" | ", _faults)}"));

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                _consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            _faults.Enqueue(exception.ToString());
            return Task.CompletedTask;
        }
    }
}
