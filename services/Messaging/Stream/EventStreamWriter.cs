using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NgheAn.Messaging.Outbox;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace NgheAn.Messaging.Stream;

/// <summary>
/// Appends CloudEvents to the analysts' stream (a RabbitMQ queue with x-queue-type=stream) with
/// publisher confirms, on a connection of its own. It declares the stream with the configured
/// retention on first use. A failed connection is dropped and opened again on the next call, so
/// a broker restart costs one failed attempt (which the relay retries).
/// </summary>
public sealed class EventStreamWriter(
    BrokerAddress broker,
    MessagingIdentity identity,
    IOptions<MessagingOptions> options,
    ILogger<EventStreamWriter> logger) : IAsyncDisposable
{
    private readonly EventStreamOptions _options = options.Value.Stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public bool Enabled => _options.Enabled;

    public async Task AppendAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var activity = Activity.Current;
        var cloudEvent = CloudEvents.From(row, identity.Service, activity?.Id ?? row.TraceParent, activity?.TraceStateString);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = CloudEvents.ContentType,
            MessageId = cloudEvent.Id,
            Type = cloudEvent.Type,
            Timestamp = new AmqpTimestamp(row.OccurredAt.ToUnixTimeSeconds()),
            AppId = identity.Service,
        };

        var channel = await ChannelAsync(cancellationToken);
        try
        {
            // With confirmation tracking on, this completes when the broker has confirmed the message.
            await channel.BasicPublishAsync(string.Empty, _options.Name, mandatory: true, properties, CloudEvents.Encode(cloudEvent), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ResetAsync(channel);
            throw;
        }
    }

    /// <summary>Declares the stream (for tests and tools that read it before anything was written).</summary>
    public async Task DeclareStreamAsync(CancellationToken cancellationToken) => await ChannelAsync(cancellationToken);

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } opened)
            {
                return opened;
            }

            await CloseAsync();
            var factory = broker.ConnectionFactory($"{identity.Service} event stream");
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            _channel = await _connection.CreateChannelAsync(Confirmed, cancellationToken);
            try
            {
                await _channel.QueueDeclareAsync(_options.Name, durable: true, exclusive: false, autoDelete: false, Arguments(), cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
            {
                // Declared before with other retention settings (another service, or Messaging:Stream
                // changed since): use it as it is. A running stream's retention is changed with a
                // policy, which wins over the declared arguments (k8s/README.md, analysts' stream).
                logger.LogWarning("Stream {Stream} exists with other arguments ({Reason}); using it as it is (change its retention with a RabbitMQ policy)", _options.Name, ex.ShutdownReason.ReplyText);
                _channel = await _connection.CreateChannelAsync(Confirmed, cancellationToken);
                await _channel.QueueDeclarePassiveAsync(_options.Name, cancellationToken);
            }

            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static readonly CreateChannelOptions Confirmed = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    private Dictionary<string, object?> Arguments()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = "stream",
            ["x-max-age"] = _options.MaxAge,
            ["x-stream-max-segment-size-bytes"] = _options.MaxSegmentSizeBytes,
        };
        if (_options.MaxLengthBytes > 0)
        {
            arguments["x-max-length-bytes"] = _options.MaxLengthBytes;
        }

        return arguments;
    }

    private async Task ResetAsync(IChannel failed)
    {
        await _gate.WaitAsync();
        try
        {
            if (ReferenceEquals(_channel, failed))
            {
                await CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloseAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Closing the stream connection failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _gate.Dispose();
    }
}
