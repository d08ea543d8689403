using CloudNative.CloudEvents;
using NgheAn.Messaging.Stream;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace NgheAn.Messaging.Tests;

/// <summary>What an analyst does: reads the stream with a plain AMQP 0.9.1 client from offset "first".</summary>
public static class StreamReader
{
    public static async Task<List<(IReadOnlyBasicProperties Properties, CloudEvent Event)>> ReadFromFirstAsync(
        string rabbitMq, int count, TimeSpan timeout, string stream = EventStreamOptions.DefaultName)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await WaitForStreamAsync(connection, stream, timeout);
        await using var channel = await connection.CreateChannelAsync();
        // A stream consumer needs a prefetch limit and manual acks.
        await channel.BasicQosAsync(0, 200, false);

        var received = new List<(IReadOnlyBasicProperties, CloudEvent)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            lock (received)
            {
                received.Add((delivery.BasicProperties, CloudEvents.Decode(delivery.Body.ToArray())));
                if (received.Count >= count)
                {
                    done.TrySetResult();
                }
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer);

        await Task.WhenAny(done.Task, Task.Delay(timeout));
        // Anything beyond the expected count (a duplicate) arrives right behind: give it a moment.
        await Task.Delay(500);
        lock (received)
        {
            return [.. received];
        }
    }

    /// <summary>The relay declares the stream when it starts: wait for that rather than fail.</summary>
    private static async Task WaitForStreamAsync(IConnection connection, string stream, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var probe = await connection.CreateChannelAsync();
                await probe.QueueDeclarePassiveAsync(stream);
                return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
