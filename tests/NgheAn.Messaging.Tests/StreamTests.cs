using System.Diagnostics;
using System.Text.Json;
using CloudNative.CloudEvents;
using NgheAn.Messaging.Lab;
using NgheAn.Messaging.Stream;

namespace NgheAn.Messaging.Tests;

/// <summary>Test 5: the analysts' stream holds every event as a valid CloudEvent, in order per subject.</summary>
[Collection(TracingCollection.Name)]
public sealed class StreamTests
{
    private const int Subjects = 10;
    private const int EventsPerSubject = 20;

    [Fact]
    public async Task A_reader_from_offset_first_sees_every_event_as_a_CloudEvent_in_order_per_subject()
    {
        using var tracing = new TraceCollector();
        await using var scenario = await Scenarios.CreateAsync();
        var host = await scenario.StartHostAsync(LabRoles.Relay);

        using var command = TraceCollector.Source.StartActivity("commands");
        var issued = (await host.AcceptPerSubjectAsync(Subjects, EventsPerSubject)).ToDictionary(e => e.EventId.ToString());
        command?.Stop();

        var read = await StreamReader.ReadFromFirstAsync(scenario.RabbitMq, issued.Count, TimeSpan.FromSeconds(60));

        Assert.Equal(issued.Count, read.Count);
        Assert.Equal(issued.Count, read.Select(r => r.Event.Id).Distinct().Count());
        foreach (var (properties, cloudEvent) in read)
        {
            Assert.True(cloudEvent.IsValid, $"{cloudEvent.Id} lacks a required attribute");
            Assert.Equal(CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
            var source = issued[cloudEvent.Id!];
            Assert.Equal(new Uri("urn:nghean:lab"), cloudEvent.Source);
            Assert.Equal("vn.nghean.directives.document-issued.v1", cloudEvent.Type);
            Assert.Equal(source.Subject, cloudEvent.Subject);
            // The outbox keeps PostgreSQL's microseconds.
            Assert.InRange((cloudEvent.Time!.Value - source.OccurredAt).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
            Assert.Equal("application/json", cloudEvent.DataContentType);
            Assert.Equal(CloudEvents.ContentType, properties.ContentType);
            Assert.Equal(cloudEvent.Id, properties.MessageId);

            var data = Assert.IsType<JsonElement>(cloudEvent.Data);
            Assert.Equal(source.DocumentId, data.GetProperty("documentId").GetGuid());
            Assert.Equal(source.Title, data.GetProperty("title").GetString());
            Assert.Equal(source.EventId, data.GetProperty("eventId").GetGuid());

            // The trace context of the command that caused the event.
            var traceParent = Assert.IsType<string>(cloudEvent[CloudEvents.TraceParent]);
            Assert.True(ActivityContext.TryParse(traceParent, null, out var context), traceParent);
            Assert.Equal(command!.TraceId, context.TraceId);
        }

        // Per subject, the stream's order is the commit order.
        foreach (var subject in read.GroupBy(r => r.Event.Subject))
        {
            var titles = subject.Select(r => ((JsonElement)r.Event.Data!).GetProperty("title").GetString()).ToList();
            Assert.Equal(titles.Order(StringComparer.Ordinal), titles);
        }
    }
}
