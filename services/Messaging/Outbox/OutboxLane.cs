namespace NgheAn.Messaging.Outbox;

internal enum OutboxLaneKind
{
    Bus,
    Stream,
}

/// <summary>
/// One of the two ways an outbox row leaves the service, each with its own columns: the bus
/// (MassTransit, the consumers' queues) marks sent_at, the analysts' stream marks streamed_at, each
/// with its own attempts, back-off and last error, and its own per-subject advisory lock. So a
/// stream outage delays only the stream, and the consumers keep getting their events.
/// </summary>
internal sealed record OutboxLane(OutboxLaneKind Kind, string Done, string Attempts, string NextAttemptAt, string LastError, int LockClass)
{
    public static readonly OutboxLane Bus = new(OutboxLaneKind.Bus, "sent_at", "attempts", "next_attempt_at", "last_error", OutboxSchema.RelayLockClass);

    public static readonly OutboxLane Stream = new(OutboxLaneKind.Stream, "streamed_at", "stream_attempts", "stream_next_attempt_at", "stream_last_error", OutboxSchema.StreamLockClass);

    public string Name => Kind == OutboxLaneKind.Bus ? "bus" : "stream";

    /// <summary>
    /// The subjects due in this lane, each locked for this transaction (@window, @batch, @lock).
    /// The heads come from the oldest rows not done in this lane only (a window of @window rows,
    /// read from a partial index), so a pass costs the same with a backlog of a thousand rows or a
    /// million. A subject that has a row in the window has its oldest such row there too (an older
    /// row would have a smaller sequence). MATERIALIZED keeps the lock calls to the due subjects,
    /// evaluated once each.
    /// </summary>
    public string DueSubjectsSql { get; } = $"""
        WITH oldest AS MATERIALIZED (
            SELECT subject, sequence, {NextAttemptAt} AS next_attempt_at
            FROM outbox_messages
            WHERE {Done} IS NULL
            ORDER BY sequence
            LIMIT @window
        ), heads AS (
            SELECT DISTINCT ON (subject) subject, sequence, next_attempt_at
            FROM oldest
            ORDER BY subject, sequence
        ), due AS MATERIALIZED (
            SELECT subject FROM heads WHERE next_attempt_at <= now() ORDER BY sequence LIMIT @batch
        )
        SELECT subject AS "Value" FROM due WHERE pg_try_advisory_xact_lock({LockClass}, hashtext(subject))
        """;

    /// <summary>
    /// The locked subjects' rows not done in this lane, in order (@subjects, @batch). A statement of
    /// its own, so its snapshot is taken after the locks: it sees what the replica that held a
    /// subject before has marked done. No row locks are held while publishing, so the two lanes
    /// never wait for each other's broker.
    /// </summary>
    public string RowsSql { get; } = $"""
        SELECT * FROM outbox_messages
        WHERE {Done} IS NULL AND subject = ANY(@subjects)
        ORDER BY sequence
        LIMIT @batch
        """;

    /// <summary>
    /// How far the lane is behind: the rows not done (an index-only count of the partial index) and
    /// when the relay's head, the oldest of them, was written (NULL when none).
    /// </summary>
    public string LagSql { get; } = $"""
        SELECT (SELECT count(*) FROM outbox_messages WHERE {Done} IS NULL),
               (SELECT created_at FROM outbox_messages WHERE {Done} IS NULL ORDER BY sequence LIMIT 1)
        """;

    /// <summary>Marks rows done (@now, @done: their sequences).</summary>
    public string MarkDoneSql { get; } = $"UPDATE outbox_messages SET {Done} = @now WHERE sequence = ANY(@done)";

    /// <summary>Backs a failed row off (@attempts, @error, @next, @sequence).</summary>
    public string MarkFailedSql { get; } = $"UPDATE outbox_messages SET {Attempts} = @attempts, {LastError} = @error, {NextAttemptAt} = @next WHERE sequence = @sequence";
}
