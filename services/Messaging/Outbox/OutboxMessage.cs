namespace NgheAn.Messaging.Outbox;

/// <summary>An integration event waiting in the service's database to be published.</summary>
public sealed class OutboxMessage
{
    /// <summary>Insertion order; the relay publishes in this order.</summary>
    public long Sequence { get; set; }

    /// <summary>The event id, used as the bus message id so consumers can drop duplicates.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Full CLR name of the event type in NgheAn.Contracts.</summary>
    public required string MessageType { get; set; }

    public required string Subject { get; set; }

    /// <summary>The event serialised as JSON.</summary>
    public required string Payload { get; set; }

    /// <summary>W3C traceparent of the call that caused the event, so one trace spans the relay and consumers.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>When the bus confirmed it (the consumers' side).</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>
    /// When the analysts' stream was done with it: appended, or, for an event type the stream does
    /// not carry (<see cref="Stream.StreamedEvents" />), when it was written.
    /// </summary>
    public DateTimeOffset? StreamedAt { get; set; }

    public int StreamAttempts { get; set; }

    public DateTimeOffset StreamNextAttemptAt { get; set; }

    public string? StreamLastError { get; set; }
}
