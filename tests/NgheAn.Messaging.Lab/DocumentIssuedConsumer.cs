using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Messaging.Lab;

/// <summary>Whether messages titled "poison…" fail (a bug in the consumer) or are applied (the bug is fixed).</summary>
public sealed class PoisonSwitch
{
    public const string Prefix = "poison";

    public volatile bool Fixed;
}

/// <summary>Applies DocumentIssued by adding one effect row, through the real inbox.</summary>
public sealed class DocumentIssuedConsumer(LabDbContext db, PoisonSwitch poison) : InboxConsumer<DocumentIssued, LabDbContext>(db)
{
    protected override Task Handle(DocumentIssued message, CancellationToken cancellationToken)
    {
        if (message.Title.StartsWith(PoisonSwitch.Prefix, StringComparison.Ordinal) && !poison.Fixed)
        {
            throw new InvalidOperationException($"Cannot apply {message.Title}: the consumer has a bug.");
        }

        Db.Effects.Add(new LabEffect
        {
            MessageId = message.EventId,
            Subject = message.Subject,
            Title = message.Title,
            AppliedAt = DateTimeOffset.UtcNow,
        });
        return Task.CompletedTask;
    }
}
