using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events;
using NgheAn.Messaging.Stream;

namespace NgheAn.Messaging.Outbox;

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues an event in the service's own database. It is written by the same SaveChanges (and
    /// transaction) as the change that caused it, and published by the relay after commit.
    /// </summary>
    public static void AddIntegrationEvent(this DbContext db, IntegrationEvent @event)
    {
        var now = DateTimeOffset.UtcNow;
        var type = @event.GetType().FullName!;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = @event.EventId,
            MessageType = type,
            Subject = @event.Subject,
            Payload = JsonSerializer.Serialize(@event, @event.GetType(), Json),
            TraceParent = Activity.Current?.Id,
            OccurredAt = @event.OccurredAt,
            CreatedAt = now,
            NextAttemptAt = now,
            StreamNextAttemptAt = now,
            StreamedAt = StreamedEvents.Carries(type) ? null : now, // nothing for the stream to do
        });
    }
}
