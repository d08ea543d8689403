using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using NgheAn.Messaging.Outbox;

namespace NgheAn.Messaging.Stream;

/// <summary>
/// An outbox row as a CloudEvents 1.0 structured JSON message: id = the event id, source =
/// "urn:nghean:&lt;service&gt;", type = "vn.nghean.&lt;service&gt;.&lt;event&gt;.v1", subject = the
/// resource, time = when it happened, data = the event (camelCase JSON) without its personal
/// properties (<see cref="StreamedEvents.Data" />), plus the W3C trace
/// context (distributed tracing extension: traceparent, tracestate).
/// </summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";

    public static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    public static readonly CloudEventAttribute TraceState = CloudEventAttribute.CreateExtension("tracestate", CloudEventAttributeType.String);

    /// <summary>The extension attributes a reader passes to the formatter to read them typed.</summary>
    public static readonly IReadOnlyList<CloudEventAttribute> Extensions = [TraceParent, TraceState];

    public static readonly JsonEventFormatter Formatter = new();

    public static Uri Source(string service) => new($"urn:nghean:{service}");

    public static CloudEvent From(OutboxMessage row, string service, string? traceParent, string? traceState)
    {
        var type = IntegrationEventTypes.Resolve(row.MessageType);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, Extensions)
        {
            Id = row.MessageId.ToString(),
            Source = Source(service),
            Type = EventNames.CloudEventType(type),
            Subject = row.Subject,
            Time = row.OccurredAt,
            DataContentType = MediaTypeNames.Application.Json,
            Data = StreamedEvents.Data(type, row.Payload),
        };
        if (!string.IsNullOrEmpty(traceParent))
        {
            cloudEvent[TraceParent] = traceParent;
        }

        if (!string.IsNullOrEmpty(traceState))
        {
            cloudEvent[TraceState] = traceState;
        }

        return cloudEvent;
    }

    public static ReadOnlyMemory<byte> Encode(CloudEvent cloudEvent) => Formatter.EncodeStructuredModeMessage(cloudEvent, out _);

    public static CloudEvent Decode(ReadOnlyMemory<byte> body) =>
        Formatter.DecodeStructuredModeMessage(body, new ContentType(ContentType), Extensions);
}
