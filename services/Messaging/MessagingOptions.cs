namespace NgheAn.Messaging;

/// <summary>Messaging settings, from configuration section "Messaging".</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Replicated quorum queues (production). Classic queues when false (local machines).</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>
    /// Messages a receive endpoint takes ahead; also the number it handles at once, so the most an
    /// inbox batch can gather (128: batches of about 60 while the previous one commits).
    /// </summary>
    public int PrefetchCount { get; set; } = 128;

    /// <summary>
    /// Most messages an inbox transaction applies at once (group commit of messages consumed at
    /// the same time; 1 applies each alone).
    /// </summary>
    public int InboxBatchLimit { get; set; } = 100;

    /// <summary>Consumer retries before a message goes to the queue's "_error" queue.</summary>
    public int RetryLimit { get; set; } = 5;

    /// <summary>First and largest delay between consumer retries (exponential in between).</summary>
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The analysts' stream, section "Messaging:Stream".</summary>
    public EventStreamOptions Stream { get; set; } = new();
}

/// <summary>The RabbitMQ stream every integration event is also written to, as a CloudEvent.</summary>
public sealed class EventStreamOptions
{
    public const string DefaultName = "nghean.events";

    public bool Enabled { get; set; } = true;

    public string Name { get; set; } = DefaultName;

    /// <summary>x-max-age: how long events are kept, in RabbitMQ's units (Y, M, D, h, m, s), e.g. "365D".</summary>
    public string MaxAge { get; set; } = "365D";

    /// <summary>x-max-length-bytes: the most the stream keeps on disk (0: no limit).</summary>
    public long MaxLengthBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>x-stream-max-segment-size-bytes: retention removes whole segments.</summary>
    public long MaxSegmentSizeBytes { get; set; } = 100L * 1024 * 1024;
}
