using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NgheAn.Messaging.Lab;
using NgheAn.Messaging.Stream;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// The analysts' stream is unavailable (the broker refuses the stream writer: its user may no
/// longer declare the stream nor publish through the default exchange, and its connection is
/// closed): consumers still get every event; once the stream is back, it catches up, in order per subject.
/// </summary>
public sealed class StreamOutageTests
{
    private const int Subjects = 5;
    private const int EventsPerSubject = 10;
    // The services' user (the one in the broker URI), whose stream writes the broker is to refuse.
    private static string User => new Uri(Servers.RabbitMq).UserInfo.Split(':')[0];

    [Fact]
    public async Task A_stream_outage_delays_only_the_stream_and_the_stream_catches_up()
    {
        await using var scenario = await Scenarios.CreateAsync();
        await scenario.StartHostAsync(LabRoles.Relay);
        await scenario.StartHostAsync(LabRoles.Consume);

        await DenyStreamAsync(scenario.VirtualHost!);
        using var writer = scenario.BuildHost(0);
        var issued = await writer.AcceptPerSubjectAsync(Subjects, EventsPerSubject);

        // Every event reaches the consumer while the stream refuses the writer.
        await scenario.WaitForEffectsAsync(issued.Count, TimeSpan.FromSeconds(60));
        await scenario.AssertAppliedExactlyOnceAsync([.. issued.Select(e => e.EventId)]);
        Assert.Equal(0, await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
        Assert.Equal(issued.Count, await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE streamed_at IS NULL"));
        // The stream lane tries on its own clock (it may not have yet when the consumer is done).
        await Servers.WaitUntilAsync(
            async () => await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE stream_attempts > 0 AND stream_last_error IS NOT NULL") > 0,
            TimeSpan.FromSeconds(60), () => Task.FromResult("the stream lane should have tried and recorded why it failed"));
        Assert.Equal(issued.Count, await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE streamed_at IS NULL"));
        Assert.Empty(await StreamReader.ReadFromFirstAsync(scenario.RabbitMq, 1, TimeSpan.FromSeconds(2)));

        await AllowAllAsync(scenario.VirtualHost!);
        await Servers.WaitUntilAsync(
            async () => await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE streamed_at IS NULL") == 0,
            TimeSpan.FromSeconds(90),
            async () => $"{await scenario.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE streamed_at IS NULL")} rows not streamed");

        var streamed = await StreamReader.ReadFromFirstAsync(scenario.RabbitMq, issued.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(issued.Select(e => e.EventId.ToString()).Order(), streamed.Select(s => s.Event.Id!).Distinct().Order());
        foreach (var subject in streamed.GroupBy(s => s.Event.Subject))
        {
            var titles = subject.Select(s => ((JsonElement)s.Event.Data!).GetProperty("title").GetString()!).ToList();
            Assert.Equal(titles.Order(StringComparer.Ordinal), titles);
        }
    }

    /// <summary>The user may do everything in the virtual host but declare the stream or publish to it; the writer's open connection is closed.</summary>
    private static async Task DenyStreamAsync(string vhost)
    {
        await SetPermissionsAsync(vhost, configure: $"^(?!{EventStreamOptions.DefaultName.Replace(".", "\\.")}$).*", write: "^(?!amq\\.default$).*");
        using var http = LabServers.ManagementClient(Servers.Management);
        List<JsonNode?> streamWriters = [];
        // The relay opens it when it starts (it declares the stream).
        await Servers.WaitUntilAsync(async () =>
            {
                var connections = await http.GetFromJsonAsync<JsonArray>($"vhosts/{Uri.EscapeDataString(vhost)}/connections");
                streamWriters = [.. connections!.Where(c => ((string?)c?["client_properties"]?["connection_name"])?.EndsWith("event stream", StringComparison.Ordinal) == true)];
                return streamWriters.Count > 0;
            },
            TimeSpan.FromSeconds(30), () => Task.FromResult("the stream writer's connection never showed up"));
        foreach (var connection in streamWriters)
        {
            using var closed = await http.DeleteAsync($"connections/{Uri.EscapeDataString((string)connection!["name"]!)}");
            closed.EnsureSuccessStatusCode();
        }
    }

    private static Task AllowAllAsync(string vhost) => SetPermissionsAsync(vhost, ".*", ".*");

    private static async Task SetPermissionsAsync(string vhost, string configure, string write)
    {
        using var http = LabServers.ManagementClient(Servers.Management);
        using var response = await http.PutAsJsonAsync($"permissions/{Uri.EscapeDataString(vhost)}/{User}", new { configure, write, read = ".*" });
        response.EnsureSuccessStatusCode();
    }
}
