using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NgheAn.Messaging.Inbox;

/// <summary>
/// Group commit for a service's inbox consumers: messages being consumed at the same time (up to
/// PrefetchCount) are applied one after the other in one transaction: their inbox rows in one
/// statement, each effect saved in order, one commit (one fsync) for all. Each message's Consume
/// returns only after that commit, so MassTransit acks nothing before its effect is durable.
/// If anything in the batch fails, the whole transaction rolls back and every message of it is
/// applied alone in a transaction of its own, so a failing message is retried and parked in the
/// error queue by itself while the others are applied.
/// </summary>
public sealed class InboxCommitter<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<InboxCommitter<TContext>> _logger;
    private readonly int _batchLimit;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public InboxCommitter(IServiceScopeFactory scopes, IOptions<MessagingOptions> options, ILogger<InboxCommitter<TContext>> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _batchLimit = Math.Max(1, options.Value.InboxBatchLimit);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Applies the message in the next shared transaction. True when it was applied (or was a
    /// duplicate); false when the batch failed and the caller must apply it alone.
    /// </summary>
    internal Task<bool> ApplyAsync(Guid messageId, string consumer, Func<TContext, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        var pending = new Pending(messageId, consumer, apply, cancellationToken);
        if (_batchLimit == 1 || !_queue.Writer.TryWrite(pending))
        {
            return Task.FromResult(false);
        }

        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_batchLimit);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                // Whatever arrived while the previous batch committed: no timer, no added latency.
                while (batch.Count < _batchLimit && _queue.Reader.TryRead(out var pending))
                {
                    if (!pending.Cancellation.IsCancellationRequested)
                    {
                        batch.Add(pending);
                    }
                    else
                    {
                        pending.Done.TrySetCanceled(pending.Cancellation);
                    }
                }

                var applied = batch.Count > 0 && await TryCommitAsync(batch);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(applied);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the bus has stopped consuming before the container disposes this.
        }
        finally
        {
            // Anything not committed goes back to its consumer, to be applied alone.
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(false);
            }

            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Done.TrySetResult(false);
            }
        }
    }

    private async Task<bool> TryCommitAsync(List<Pending> batch)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            // A failure rolls back the whole batch anyway: no savepoint round trips.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(_stopping.Token);
            var firstTime = await InsertInboxRowsAsync(db, transaction, batch);
            // In arrival order; Remove makes a second copy of a message in the same batch a no-op.
            // Saved after each message (inside the one transaction), so a handler's queries see the
            // effects of the messages before it exactly as if each had been applied alone.
            foreach (var pending in batch.Where(p => firstTime.Remove((p.MessageId, p.Consumer))))
            {
                await pending.Apply(db, _stopping.Token);
                await db.SaveChangesAsync(_stopping.Token);
            }

            await transaction.CommitAsync(_stopping.Token);
            return true;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _logger.LogInformation(ex, "An inbox batch of {Count} messages failed; applying each alone", batch.Count);
            return false;
        }
    }

    /// <summary>One statement for the batch's inbox rows; returns the (message, consumer) pairs not seen before.</summary>
    private async Task<HashSet<(Guid, string)>> InsertInboxRowsAsync(TContext db, IDbContextTransaction transaction, List<Pending> batch)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = """
            INSERT INTO inbox_messages (message_id, consumer, processed_at)
            SELECT m, c, now() FROM unnest(@ids, @consumers) AS t(m, c)
            ON CONFLICT DO NOTHING
            RETURNING message_id, consumer
            """;
        AddParameter(command, "ids", batch.Select(p => p.MessageId).ToArray());
        AddParameter(command, "consumers", batch.Select(p => p.Consumer).ToArray());
        var firstTime = new HashSet<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(_stopping.Token);
        while (await reader.ReadAsync(_stopping.Token))
        {
            firstTime.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return firstTime;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "The inbox committer stopped with an error");
        }

        _stopping.Dispose();
    }

    private sealed record Pending(Guid MessageId, string Consumer, Func<TContext, CancellationToken, Task> Apply, CancellationToken Cancellation)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
