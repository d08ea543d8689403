using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Lab;
using RabbitMQ.Client;

namespace NgheAn.Messaging.Tests;

/// <summary>Test 6: two replicas relay one outbox at once; every event is published once, in order per subject.</summary>
public sealed class RelayReplicaTests
{
    private const int Subjects = 40;
    private const int EventsPerSubject = 25;
    private const string Tap = "tap";

    [Fact]
    public async Task Two_relays_on_one_outbox_publish_every_event_once_in_order_per_subject()
    {
        await using var scenario = await Scenarios.CreateAsync();

        // A plain queue on the event's exchange sees every publish, duplicates included.
        await using (var connection = await new ConnectionFactory { Uri = new Uri(scenario.RabbitMq) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(EventNames.Exchange(typeof(DocumentIssued)), ExchangeType.Fanout, durable: true);
            await channel.QueueDeclareAsync(Tap, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(Tap, EventNames.Exchange(typeof(DocumentIssued)), string.Empty);
        }

        // The backlog is written before any relay runs, so both start on the same rows.
        using var writer = scenario.BuildHost(0);
        var issued = await writer.AcceptPerSubjectAsync(Subjects, EventsPerSubject);

        // Small batches, so the two relays take turns on the backlog.
        var settings = new Dictionary<string, string?> { ["Messaging:Outbox:BatchSize"] = "20" };
        await Task.WhenAll(scenario.StartHostAsync(LabRoles.Relay, settings), scenario.StartHostAsync(LabRoles.Relay, settings));

        await Servers.WaitUntilAsync(
            async () => await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") == 0,
            TimeSpan.FromSeconds(90),
            async () => $"{await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")} rows unsent");

        var published = await DrainAsync(scenario.RabbitMq, Tap, issued.Count);
        Assert.Equal(issued.Count, published.Count);
        Assert.Equal(issued.Select(e => e.EventId).Order(), published.Select(p => p.EventId).Order());

        var streamed = await StreamReader.ReadFromFirstAsync(scenario.RabbitMq, issued.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(issued.Count, streamed.Count);
        Assert.Equal(issued.Count, streamed.Select(s => s.Event.Id).Distinct().Count());

        // Commit order per subject, on the exchange and on the stream.
        foreach (var subject in published.GroupBy(p => p.Subject))
        {
            var titles = subject.Select(p => p.Title).ToList();
            Assert.Equal(titles.Order(StringComparer.Ordinal), titles);
        }

        foreach (var subject in streamed.GroupBy(s => s.Event.Subject))
        {
            var titles = subject.Select(s => ((JsonElement)s.Event.Data!).GetProperty("title").GetString()!).ToList();
            Assert.Equal(titles.Order(StringComparer.Ordinal), titles);
        }
    }

    /// <summary>Takes every message off the queue (MassTransit's JSON envelope: the event is "message").</summary>
    private static async Task<List<(Guid EventId, string Subject, string Title)>> DrainAsync(string rabbitMq, string queue, int expected)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messages = new List<(Guid, string, string)>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var idleAfterAll = 0;
        // Until all expected messages arrived and then half a second passed without another (a duplicate).
        while (DateTime.UtcNow < deadline && idleAfterAll < 5)
        {
            var result = await channel.BasicGetAsync(queue, autoAck: true);
            if (result is null)
            {
                idleAfterAll += messages.Count >= expected ? 1 : 0;
                await Task.Delay(100);
                continue;
            }

            var message = JsonDocument.Parse(result.Body).RootElement.GetProperty("message");
            var documentId = message.GetProperty("documentId").GetGuid();
            messages.Add((message.GetProperty("eventId").GetGuid(), $"documents/{documentId}", message.GetProperty("title").GetString()!));
        }

        return messages;
    }
}
