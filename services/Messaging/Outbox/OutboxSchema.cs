using Microsoft.EntityFrameworkCore.Migrations;

namespace NgheAn.Messaging.Outbox;

/// <summary>
/// What the outbox needs in the database beyond the EF model. Every service's migrations call
/// <see cref="AddOutboxCommitOrder" /> once.
/// </summary>
public static class OutboxSchema
{
    /// <summary>Advisory-lock class of writers (one lock per subject, held until commit).</summary>
    internal const int WriterLockClass = 0x4E47_4F57; // "NGOW"

    /// <summary>Advisory-lock class of relays (one lock per subject, held for one relay transaction).</summary>
    internal const int RelayLockClass = 0x4E47_5252; // "NGRR"

    /// <summary>Advisory-lock class of the stream lane (its own, so the bus lane never waits for it).</summary>
    internal const int StreamLockClass = 0x4E47_5253; // "NGRS"

    /// <summary>
    /// An identity value is taken at INSERT, not at COMMIT: two transactions writing events about
    /// the same subject can commit in the other order than their sequence numbers, and the relay
    /// would publish them out of order. This trigger makes sequence order equal commit order per
    /// subject: before a row gets its number, the transaction takes a transaction-scoped advisory
    /// lock on the subject, so a second writer of that subject waits until the first has
    /// committed (or rolled back) and only then numbers its row. Writers of other subjects never
    /// wait. (Concurrent writes to one aggregate already serialise on the aggregate's own row, so
    /// the lock costs nothing in practice; it guards the cases that do not.)
    /// </summary>
    public static readonly string CommitOrderSql = $"""
        CREATE OR REPLACE FUNCTION outbox_messages_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({WriterLockClass}, hashtext(NEW.subject));
            NEW.sequence := nextval(pg_get_serial_sequence('outbox_messages', 'sequence'));
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER outbox_messages_commit_order BEFORE INSERT ON outbox_messages
            FOR EACH ROW EXECUTE FUNCTION outbox_messages_commit_order();
        """;

    public const string DropCommitOrderSql = """
        DROP TRIGGER IF EXISTS outbox_messages_commit_order ON outbox_messages;
        DROP FUNCTION IF EXISTS outbox_messages_commit_order();
        """;

    public static MigrationBuilder AddOutboxCommitOrder(this MigrationBuilder migration)
    {
        migration.Sql(CommitOrderSql);
        return migration;
    }

    /// <summary>
    /// When the stream got its own lane (streamed_at): rows sent before were appended to the stream
    /// with the same publish, so they are done in the stream lane too.
    /// </summary>
    public static MigrationBuilder MarkSentRowsStreamed(this MigrationBuilder migration)
    {
        migration.Sql("UPDATE outbox_messages SET streamed_at = sent_at WHERE sent_at IS NOT NULL");
        return migration;
    }

    public static MigrationBuilder DropOutboxCommitOrder(this MigrationBuilder migration)
    {
        migration.Sql(DropCommitOrderSql);
        return migration;
    }
}
