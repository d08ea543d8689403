namespace NgheAn.Messaging.Outbox;

/// <summary>Relay settings, from configuration section "Messaging:Outbox".</summary>
public sealed class OutboxOptions
{
    /// <summary>Set false for a replica that only serves and consumes (another replica relays).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>How long the relay sleeps when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows locked and published per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How many of the oldest unsent rows a pass looks at to find subjects to relay. Subjects
    /// further back wait their turn; a subject whose oldest row keeps failing holds back the
    /// others only if its own backlog fills the window.
    /// </summary>
    public int ScanWindow { get; set; } = 5000;

    /// <summary>How long one publish (bus and stream, with confirms) may take before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a failed publish; doubles up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long sent rows are kept (for investigation) before they are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long inbox rows (ids of applied messages) are kept: longer than any redelivery can come late.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the outbox lag metrics (nghean.outbox.*) are read from the database.</summary>
    public TimeSpan LagSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often sent outbox rows and old inbox rows are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
