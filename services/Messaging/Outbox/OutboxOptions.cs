namespace NgheAn.Messaging.Outbox;

/// <summary>Relay settings, from configuration section "Messaging:Outbox".</summary>
public sealed class OutboxOptions
{
    /// <summary>How long the relay sleeps when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows locked and published per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>First retry delay after a failed publish; doubles up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long sent rows are kept (for investigation) before they are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
