namespace NgheAn.Messaging.Inbox;

/// <summary>A message a consumer has applied; its presence makes a redelivery a no-op.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
