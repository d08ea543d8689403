namespace NgheAn.Contracts.Events;

/// <summary>
/// A fact one service tells the others, past tense and immutable. Every event carries its own id
/// (the message id on the bus, so consumers can drop duplicates), when it happened, the resource it
/// is about and the organisation unit it belongs to. Changing an event may only add optional
/// properties; anything else is a new event type.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The resource the event is about, e.g. "documents/{id}".</summary>
    public abstract string Subject { get; }

    /// <summary>The organisation unit the fact belongs to, when there is one.</summary>
    public string? UnitId { get; init; }
}
