using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NgheAn.Messaging.Inbox;
using NgheAn.Messaging.Stream;

namespace NgheAn.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows through MassTransit (the RabbitMQ transport waits for publisher
/// confirms) and appends each to the analysts' stream (confirmed too), then marks them sent in the
/// transaction that locked them. Delivery is at least once: a crash between publish and commit
/// publishes again, and consumers drop the duplicate by message id (the inbox).
///
/// Order per subject, with any number of replicas: the outbox trigger makes sequence order equal
/// commit order per subject (<see cref="OutboxSchema.CommitOrderSql" />). A relay pass looks at the
/// oldest unsent row of every subject, takes a transaction-scoped advisory lock per subject with
/// pg_try_advisory_xact_lock (a subject another replica holds is skipped, like SKIP LOCKED but per
/// subject instead of per row), and then locks and publishes that subject's unsent rows in
/// sequence order. So one subject is relayed by one replica at a time, from its oldest unsent row,
/// while different subjects go out in parallel, on one replica or several. (Plain row-level SKIP
/// LOCKED batches let replica B publish a subject's row 101 while replica A still holds row 100;
/// partitioning by subject hash ties throughput to a fixed partition count.) A failed publish stops
/// that subject only: its head row backs off exponentially and nothing behind it goes out first.
/// </summary>
internal sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    EventStreamWriter stream,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    internal static readonly ActivitySource Activities = new("NgheAn.Messaging");
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            return;
        }

        await DeclareStreamAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var found = 0;
            try
            {
                found = await RelayBatchAsync(stoppingToken);
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

            if (found < _options.BatchSize)
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

    /// <summary>The stream exists before the first event, so analysts can start reading it at once.</summary>
    private async Task DeclareStreamAsync(CancellationToken cancellationToken)
    {
        if (!stream.Enabled)
        {
            return;
        }

        try
        {
            await stream.DeclareStreamAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not declare the event stream yet; the first publish tries again");
        }
    }

    /// <summary>One pass: returns the number of rows it locked (a full batch means: go again at once).</summary>
    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The heads come from the oldest unsent rows only (a window of ScanWindow rows, read from a
        // partial index), so a pass costs the same with a backlog of a thousand rows or a million.
        // A subject that has a row in the window has its oldest unsent row there too (an older
        // row would have a smaller sequence). MATERIALIZED keeps the lock calls to the due
        // subjects, evaluated once each. FOR UPDATE re-checks sent_at on rows another replica
        // changed after this statement's snapshot.
        var batch = await db.Set<OutboxMessage>()
            .FromSql($"""
                WITH oldest AS MATERIALIZED (
                    SELECT subject, sequence, next_attempt_at
                    FROM outbox_messages
                    WHERE sent_at IS NULL
                    ORDER BY sequence
                    LIMIT {_options.ScanWindow}
                ), heads AS (
                    SELECT DISTINCT ON (subject) subject, sequence, next_attempt_at
                    FROM oldest
                    ORDER BY subject, sequence
                ), mine AS MATERIALIZED (
                    SELECT subject FROM (
                        SELECT subject FROM heads WHERE next_attempt_at <= now() ORDER BY sequence LIMIT {_options.BatchSize}
                    ) due
                    WHERE pg_try_advisory_xact_lock({OutboxSchema.RelayLockClass}, hashtext(subject))
                )
                SELECT o.* FROM outbox_messages o
                WHERE o.sent_at IS NULL AND o.subject IN (SELECT subject FROM mine)
                ORDER BY o.sequence
                LIMIT {_options.BatchSize}
                FOR UPDATE OF o
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Subjects in parallel; within a subject, one row after the other, each confirmed before the next.
        var failed = await Task.WhenAll(batch.GroupBy(row => row.Subject).Select(rows => PublishInOrderAsync(rows, cancellationToken)));

        // One statement marks the batch sent (change tracking 200 rows cost more than publishing them).
        var sent = batch.Where(row => row.SentAt is not null).Select(row => row.Sequence).ToArray();
        if (sent.Length > 0)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET sent_at = {DateTimeOffset.UtcNow} WHERE sequence = ANY({sent})", cancellationToken);
        }

        foreach (var row in failed.OfType<OutboxMessage>())
        {
            await db.Set<OutboxMessage>().Where(m => m.Sequence == row.Sequence).ExecuteUpdateAsync(update => update
                .SetProperty(m => m.Attempts, row.Attempts)
                .SetProperty(m => m.LastError, row.LastError)
                .SetProperty(m => m.NextAttemptAt, row.NextAttemptAt), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    /// <summary>Publishes a subject's rows in order, marking each sent; returns the row that failed (nothing behind it went out).</summary>
    private async Task<OutboxMessage?> PublishInOrderAsync(IEnumerable<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            try
            {
                await PublishAsync(row, timeout.Token);
                row.SentAt = DateTimeOffset.UtcNow;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                row.Attempts++;
                var message = ex is OperationCanceledException ? $"publish timed out after {_options.PublishTimeout}" : ex.Message;
                row.LastError = message.Length > 2000 ? message[..2000] : message;
                row.NextAttemptAt = DateTimeOffset.UtcNow + RetryDelay(row.Attempts);
                logger.LogWarning(ex, "Publishing {MessageType} {MessageId} failed (attempt {Attempts}); {Subject} waits until {NextAttemptAt}",
                    row.MessageType, row.MessageId, row.Attempts, row.Subject, row.NextAttemptAt);
                return row; // nothing of this subject may overtake the failed row
            }
        }

        return null;
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        // A child of the call that caused the event: one trace from the gRPC call to the consumers.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Activities.StartActivity("outbox relay", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.id", row.MessageId);
        activity?.SetTag("nghean.event.type", row.MessageType);
        activity?.SetTag("nghean.event.subject", row.Subject);

        var type = IntegrationEventTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, type, OutboxExtensions.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty payload.");
        var published = bus.Publish(message, type, context => context.MessageId = row.MessageId, cancellationToken);
        if (stream.Enabled)
        {
            await Task.WhenAll(published, stream.AppendAsync(row, cancellationToken));
        }
        else
        {
            await published;
        }
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

        _nextCleanup = DateTimeOffset.UtcNow + _options.CleanupInterval;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = DateTimeOffset.UtcNow;
        var sentBefore = now - _options.Retention;
        var processedBefore = now - _options.InboxRetention;
        var outbox = await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.Set<InboxMessage>().Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
        if (outbox + inbox > 0)
        {
            logger.LogInformation("Deleted {Outbox} sent outbox rows older than {SentBefore} and {Inbox} inbox rows older than {ProcessedBefore}",
                outbox, sentBefore, inbox, processedBefore);
        }
    }
}
