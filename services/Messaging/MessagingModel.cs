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
            // The relay's queries: the oldest unsent rows, and the unsent rows of each subject, in order.
            outbox.HasIndex(m => m.Sequence).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
            outbox.HasIndex(m => new { m.Subject, m.Sequence }).HasFilter("sent_at IS NULL");
            // The same for the stream lane.
            outbox.HasIndex(m => m.Sequence, "unstreamed").HasFilter("streamed_at IS NULL").HasDatabaseName("ix_outbox_messages_unstreamed");
            outbox.HasIndex(m => new { m.Subject, m.Sequence }, "subject_unstreamed").HasFilter("streamed_at IS NULL")
                .HasDatabaseName("ix_outbox_messages_subject_sequence_unstreamed");
            // The clean-up of sent rows.
            outbox.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL");
        });

        model.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
            inbox.HasIndex(m => m.ProcessedAt);
        });
        return model;
    }
}
