using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace NgheAn.Messaging.Inbox;

/// <summary>
/// A consumer whose effect is applied at most once per message: the message id is recorded in the
/// inbox table in the same transaction as the effect. A redelivery finds the row and does nothing;
/// a failure rolls both back, so the retry starts clean.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    protected TContext Db { get; } = db;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        var consumer = GetType().Name;

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

    /// <summary>Applies the message to the service's database (tracked changes are saved by the caller).</summary>
    protected abstract Task Handle(TMessage message, CancellationToken cancellationToken);
}
