using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NgheAn.Messaging.Inbox;

/// <summary>
/// A consumer whose effect is applied at most once per message: the message id is recorded in the
/// inbox table in the same transaction as the effect. A redelivery finds the row and does nothing;
/// a failure rolls both back, so the retry starts clean.
///
/// Messages consumed at the same time share one transaction (<see cref="InboxCommitter{TContext}" />):
/// <see cref="Handle" /> then runs on the batch's DbContext, after the earlier messages of the
/// batch were saved. A retry, a redelivery, or a message whose batch failed is applied alone.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    private readonly TContext _own = db;

    /// <summary>The DbContext to apply the message to (the batch's, inside a shared transaction).</summary>
    protected TContext Db { get; private set; } = db;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        var consumer = GetType().Name;

        if (Committer(context) is { } committer && context.GetRetryAttempt() == 0 && !context.ReceiveContext.Redelivered
            && await committer.ApplyAsync(messageId, consumer, (batchDb, cancellationToken) =>
            {
                Db = batchDb;
                return Handle(context.Message, cancellationToken);
            }, context.CancellationToken))
        {
            return;
        }

        Db = _own;
        Db.ChangeTracker.Clear();
        await using var transaction = await Db.Database.BeginTransactionAsync(context.CancellationToken);
        var firstTime = await Db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, now()) ON CONFLICT DO NOTHING",
            context.CancellationToken) == 1;
        if (!firstTime)
        {
            return;
        }

        await Handle(context.Message, context.CancellationToken);
        await Db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }

    /// <summary>
    /// For a message about something whose first event travels on another queue and is not applied
    /// yet: throwing it fails the message, and the retry (then the error queue) finds it applied.
    /// </summary>
    protected static InvalidOperationException ArrivedBefore(string message, string earlierEvent) =>
        new($"{message} arrived before its {earlierEvent}.");

    /// <summary>Applies the message to <see cref="Db" /> (the caller saves its tracked changes and commits).</summary>
    protected abstract Task Handle(TMessage message, CancellationToken cancellationToken);

    /// <summary>The service's committer, from the consume scope MassTransit opened (none outside a platform host).</summary>
    private static InboxCommitter<TContext>? Committer(ConsumeContext context) =>
        context.TryGetPayload<IServiceScope>(out var scope) ? scope.ServiceProvider.GetService<InboxCommitter<TContext>>()
        : context.TryGetPayload<IServiceProvider>(out var services) ? services.GetService<InboxCommitter<TContext>>()
        : null;
}
