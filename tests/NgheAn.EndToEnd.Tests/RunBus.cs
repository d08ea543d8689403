using MassTransit;
using NgheAn.Contracts.Events;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Plays another service on the run's RabbitMQ, and waits for what its events cause.</summary>
public static class RunBus
{
    /// <summary>
    /// Publishes events the way a service's outbox relay does: MassTransit, the event's exchange
    /// (<paramref name="exchange"/>, e.g. "nghean.supervision.discipline-imposed"), the event id as message id.
    /// </summary>
    public static async Task PublishAsync<T>(PlatformFixture platform, string exchange, params T[] events) where T : IntegrationEvent
    {
        var amqp = new UriBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq")!) { Path = "/" + platform.RunId }.Uri;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(amqp, host =>
            {
                var user = amqp.UserInfo.Split(':');
                host.Username(Uri.UnescapeDataString(user[0]));
                host.Password(Uri.UnescapeDataString(user[1]));
            });
            rabbit.Message<T>(m => m.SetEntityName(exchange));
        });
        await bus.StartAsync();
        try
        {
            foreach (var message in events)
            {
                await bus.Publish(message, context => context.MessageId = message.EventId);
            }
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Reads until <paramref name="done"/> holds or 30 seconds pass; returns the last value read.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }
}
