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
using Npgsql;

namespace NgheAn.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows, in two lanes that run apart (<see cref="OutboxLane" />): the
/// bus lane through MassTransit (the RabbitMQ transport waits for publisher confirms), marking
/// sent_at; the stream lane to the analysts' stream (confirmed too), marking streamed_at. A stream
/// outage delays only the stream: the consumers keep getting their events, and the stream catches
/// up from its own mark when it is back. Delivery is at least once in each lane: a crash between
/// publish and commit publishes again, and consumers drop the duplicate by message id (the inbox).
///
/// Order per subject, with any number of replicas: the outbox trigger makes sequence order equal
/// commit order per subject (<see cref="OutboxSchema.CommitOrderSql" />). A lane's pass looks at the
/// oldest rows of every subject not yet done in that lane, takes a transaction-scoped advisory lock
/// per subject with pg_try_advisory_xact_lock (a subject another replica holds is skipped, like SKIP
/// LOCKED but per subject instead of per row), then reads and publishes that subject's rows in
/// sequence order. So one subject is relayed by one replica at a time per lane, from its oldest row,
/// while different subjects go out in parallel, on one replica or several. (Plain row-level SKIP
/// LOCKED batches let replica B publish a subject's row 101 while replica A still holds row 100;
/// partitioning by subject hash ties throughput to a fixed partition count.) A failed publish stops
/// that subject in that lane only: its head row backs off exponentially and nothing behind it goes
/// out first.
/// </summary>
internal abstract class OutboxRelay<TContext>(
    OutboxLane lane,
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger logger) : BackgroundService
    where TContext : DbContext
{
    internal static readonly ActivitySource Activities = new("NgheAn.Messaging");
    protected readonly OutboxOptions Options = options.Value;
    protected readonly IServiceScopeFactory Scopes = scopes;

    /// <summary>Whether this lane runs in this replica.</summary>
    protected virtual bool Enabled => Options.RelayEnabled;

    protected abstract Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken);

    protected virtual Task PassDoneAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        await StartingAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var found = 0;
            try
            {
                found = await RelayBatchAsync(stoppingToken);
                await PassDoneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox relay pass ({Lane}) failed; trying again shortly", lane.Name);
            }

            if (found < Options.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(lane, Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: returns the number of rows it read (a full batch means: go again at once).</summary>
    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var subjects = await db.Database.SqlQueryRaw<string>(lane.DueSubjectsSql,
            new NpgsqlParameter("window", Options.ScanWindow), new NpgsqlParameter("batch", Options.BatchSize)).ToListAsync(cancellationToken);
        if (subjects.Count == 0)
        {
            return 0;
        }

        var batch = await db.Set<OutboxMessage>()
            .FromSqlRaw(lane.RowsSql,
                new NpgsqlParameter("subjects", subjects.ToArray()), new NpgsqlParameter("batch", Options.BatchSize))
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        // Subjects in parallel; within a subject, one row after the other, each confirmed before the next.
        var outcomes = await Task.WhenAll(batch.GroupBy(row => row.Subject).Select(rows => PublishInOrderAsync(rows, cancellationToken)));

        // One statement marks the batch done (change tracking 200 rows cost more than publishing them).
        var done = outcomes.SelectMany(o => o.Done).ToArray();
        if (done.Length > 0)
        {
            await db.Database.ExecuteSqlRawAsync(lane.MarkDoneSql,
                [new NpgsqlParameter("now", DateTimeOffset.UtcNow), new NpgsqlParameter("done", done)], cancellationToken);
        }

        foreach (var failed in outcomes.Select(o => o.Failed).OfType<Failure>())
        {
            await db.Database.ExecuteSqlRawAsync(lane.MarkFailedSql,
                [new NpgsqlParameter("attempts", failed.Attempts), new NpgsqlParameter("error", failed.Error),
                 new NpgsqlParameter("next", failed.NextAttemptAt), new NpgsqlParameter("sequence", failed.Sequence)], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private sealed record Failure(long Sequence, int Attempts, string Error, DateTimeOffset NextAttemptAt);

    /// <summary>Publishes a subject's rows in order; returns those done and the one that failed (nothing behind it went out).</summary>
    private async Task<(List<long> Done, Failure? Failed)> PublishInOrderAsync(IEnumerable<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var done = new List<long>();
        foreach (var row in rows)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.PublishTimeout);
            try
            {
                await TracedPublishAsync(row, timeout.Token);
                done.Add(row.Sequence);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var attempts = (lane == OutboxLane.Bus ? row.Attempts : row.StreamAttempts) + 1;
                var message = ex is OperationCanceledException ? $"publish timed out after {Options.PublishTimeout}" : ex.Message;
                var next = DateTimeOffset.UtcNow + RetryDelay(attempts);
                logger.LogWarning(ex, "Publishing {MessageType} {MessageId} to the {Lane} failed (attempt {Attempts}); {Subject} waits until {NextAttemptAt}",
                    row.MessageType, row.MessageId, lane.Name, attempts, row.Subject, next);
                // Nothing of this subject may overtake the failed row.
                return (done, new Failure(row.Sequence, attempts, message.Length > 2000 ? message[..2000] : message, next));
            }
        }

        return (done, null);
    }

    private async Task TracedPublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        // A child of the call that caused the event: one trace from the gRPC call to the consumers.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Activities.StartActivity("outbox relay", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("nghean.outbox.lane", lane.Name);
        activity?.SetTag("messaging.message.id", row.MessageId);
        activity?.SetTag("nghean.event.type", row.MessageType);
        activity?.SetTag("nghean.event.subject", row.Subject);
        await PublishAsync(row, cancellationToken);
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var delay = Options.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < Options.MaxRetryDelay ? delay : Options.MaxRetryDelay;
    }

}

/// <summary>The bus lane: every row through MassTransit to its exchange; it also deletes old rows.</summary>
internal sealed class BusRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    EventStreamWriter stream,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<BusRelay<TContext>> logger) : OutboxRelay<TContext>(OutboxLane.Bus, scopes, signal, options, logger)
    where TContext : DbContext
{
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = IntegrationEventTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, type, OutboxExtensions.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty payload.");
        return bus.Publish(message, type, context => context.MessageId = row.MessageId, cancellationToken);
    }

    protected override async Task PassDoneAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < _nextCleanup)
        {
            return;
        }

        _nextCleanup = DateTimeOffset.UtcNow + Options.CleanupInterval;
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = DateTimeOffset.UtcNow;
        var sentBefore = now - Options.Retention;
        var processedBefore = now - Options.InboxRetention;
        // A row waits for the stream too (unless the stream is off here), so the stream can catch up after an outage.
        var streamOff = !stream.Enabled;
        var outbox = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt != null && m.SentAt < sentBefore && (streamOff || m.StreamedAt != null))
            .ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.Set<InboxMessage>().Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
        if (outbox + inbox > 0)
        {
            logger.LogInformation("Deleted {Outbox} sent outbox rows older than {SentBefore} and {Inbox} inbox rows older than {ProcessedBefore}",
                outbox, sentBefore, inbox, processedBefore);
        }
    }
}

/// <summary>
/// The stream lane: the rows whose type the analysts' stream carries (<see cref="StreamedEvents" />),
/// as CloudEvents without their personal properties; other rows are only marked done.
/// </summary>
internal sealed class StreamRelay<TContext>(
    IServiceScopeFactory scopes,
    EventStreamWriter stream,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<StreamRelay<TContext>> logger) : OutboxRelay<TContext>(OutboxLane.Stream, scopes, signal, options, logger)
    where TContext : DbContext
{
    protected override bool Enabled => base.Enabled && stream.Enabled;

    protected override Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken) =>
        StreamedEvents.Carries(row.MessageType) ? stream.AppendAsync(row, cancellationToken) : Task.CompletedTask;

    /// <summary>The stream exists before the first event, so analysts can start reading it at once.</summary>
    protected override async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stream.DeclareStreamAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not declare the event stream yet; the first append tries again");
        }
    }
}
