using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NgheAn.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ (the transport waits for publisher confirms) and
/// marks them sent in the same transaction that locked them. Rows are locked with
/// FOR UPDATE SKIP LOCKED, so several replicas can relay one outbox without publishing a row twice.
/// A failed publish stops the batch (keeping order) and is retried with exponential back-off.
/// </summary>
internal sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly ActivitySource Activities = new("NgheAn.Messaging");
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await RelayBatchAsync(stoppingToken);
                await CleanUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox relay pass failed; trying again shortly");
            }

            if (published < _options.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var batch = await db.Set<OutboxMessage>()
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE sent_at IS NULL AND next_attempt_at <= now()
                ORDER BY sequence
                LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        var published = 0;
        foreach (var row in batch)
        {
            try
            {
                await PublishAsync(row, cancellationToken);
                row.SentAt = DateTimeOffset.UtcNow;
                published++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                row.Attempts++;
                row.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                row.NextAttemptAt = DateTimeOffset.UtcNow + RetryDelay(row.Attempts);
                logger.LogWarning(ex, "Publishing {MessageType} {MessageId} failed (attempt {Attempts})", row.MessageType, row.MessageId, row.Attempts);
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return published;
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Activities.StartActivity("outbox relay", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId);
        activity?.SetTag("nghean.event.type", row.MessageType);

        var type = IntegrationEventTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, type, OutboxExtensions.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty payload.");
        await bus.Publish(message, type, context => context.MessageId = row.MessageId, cancellationToken);
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var delay = _options.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < _nextCleanup)
        {
            return;
        }

        _nextCleanup = DateTimeOffset.UtcNow.AddMinutes(10);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = DateTimeOffset.UtcNow - _options.Retention;
        var deleted = await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} sent outbox rows older than {Cutoff}", deleted, cutoff);
        }
    }
}
