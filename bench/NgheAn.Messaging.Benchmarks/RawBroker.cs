using System.Diagnostics;
using NgheAn.Messaging.Lab;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace NgheAn.Messaging.Benchmarks;

/// <summary>
/// The broker alone: plain RabbitMQ.Client, one durable classic queue, persistent messages of the
/// size of an event, publisher confirms (RawInFlight publishers awaiting their confirms at once), one consumer with
/// manual acks. The rate is messages per second from the first publish to the last ack.
/// </summary>
public static class RawBroker
{
    public static async Task<IEnumerable<BenchResult>> RunAsync(BenchSettings settings, CpuMeter cpu)
    {
        var vhost = $"msgbench-raw-{Guid.NewGuid():N}"[..24];
        var uri = await LabServers.CreateVirtualHostAsync(settings.Management, settings.RabbitMq, vhost);
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(uri) };
            await using var connection = await factory.CreateConnectionAsync();
            await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null));
            await using var consumerChannel = await connection.CreateChannelAsync();
            const string queue = "raw";
            await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await consumerChannel.BasicQosAsync(0, 200, false);

            var body = new byte[700]; // about one DocumentIssued in MassTransit's envelope
            Random.Shared.NextBytes(body);
            var properties = new BasicProperties { Persistent = true, ContentType = "application/octet-stream" };
            var consumed = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(consumerChannel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                if (Interlocked.Increment(ref consumed) == settings.RawMessages)
                {
                    done.TrySetResult();
                }
            };
            await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

            var before = cpu.Sample();
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, settings.RawInFlight).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < settings.RawMessages)
                {
                    await publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body);
                }
            }));
            var published = clock.Elapsed;
            await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            return
            [
                BenchResult.Rate("Raw broker (RabbitMQ.Client)", settings.RawMessages, clock.Elapsed,
                    $"{settings.RawMessages} msgs, publish {settings.RawMessages / published.TotalSeconds:N0}/s confirmed, to last ack"),
                cpu.PerEvent("  its CPU per message", before, settings.RawMessages),
            ];
        }
        finally
        {
            await LabServers.DeleteVirtualHostAsync(settings.Management, vhost);
        }
    }
}
