using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging.Inbox;
using NgheAn.Messaging.Outbox;

namespace NgheAn.Messaging;

public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";

    /// <summary>Adds the outbox and inbox tables to a service's DbContext model.</summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            outbox.HasIndex(m => m.MessageId).IsUnique();
            outbox.Property(m => m.MessageType).HasMaxLength(300);
            outbox.Property(m => m.Subject).HasMaxLength(300);
            outbox.Property(m => m.Payload).HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasMaxLength(100);
            // The relay's query: unsent rows due now, in order.
            outbox.HasIndex(m => new { m.NextAttemptAt, m.Sequence }).HasFilter("sent_at IS NULL");
        });

        model.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
        });
        return model;
    }
}
