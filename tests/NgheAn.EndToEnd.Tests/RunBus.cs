using MassTransit;
using NgheAn.Contracts.Events;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Plays another service on the run's RabbitMQ (wait for what its events cause with <see cref="Eventually"/>).</summary>
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
}
