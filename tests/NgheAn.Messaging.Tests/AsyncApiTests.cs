using System.Text.Json;
using System.Text.Json.Nodes;
using NgheAn.Contracts.Events.Audit;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Stream;
using YamlDotNet.Serialization;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// docs/asyncapi.yaml lists every integration event of the code, with its names and fields, and
/// nothing else; the stream's messages are exactly the allow-listed ones, and the schemas mark the
/// personal properties the stream leaves out.
/// </summary>
public sealed class AsyncApiTests
{
    private static readonly JsonNode Document = Load();
    private static readonly Type[] EventTypes = [.. IntegrationEventTypes.ByName.Values.OrderBy(t => t.FullName, StringComparer.Ordinal)];

    [Fact]
    public void It_is_an_AsyncAPI_3_document_with_the_stream()
    {
        Assert.Equal("3.0.0", (string?)Document["asyncapi"]);
        Assert.Contains(Channels(), c => (string?)c["address"] == EventStreamOptions.DefaultName && (string?)c["bindings"]?["amqp"]?["is"] == "queue");
        Assert.Contains(typeof(DocumentIssued), EventTypes); // the lists below are not empty
    }

    [Fact]
    public void The_stream_lists_exactly_the_allow_listed_event_types_as_CloudEvents()
    {
        var listed = CloudEventMessages().Select(m => (string?)m["x-clr-type"]).Order(StringComparer.Ordinal);
        Assert.Equal(StreamedEvents.Types.Select(t => t.FullName).Order(StringComparer.Ordinal), listed);
        var onTheStream = Channels().Single(c => (string?)c["address"] == EventStreamOptions.DefaultName)["messages"]!.AsObject()
            .Select(m => Resolve((string)m.Value!["$ref"]!)).Select(m => (string?)m["x-clr-type"]).Order(StringComparer.Ordinal);
        Assert.Equal(listed, onTheStream);
        Assert.Contains(typeof(AuditRecorded), EventTypes.Except(StreamedEvents.Types)); // the list above is not everything
        foreach (var type in StreamedEvents.Types)
        {
            var message = CloudEventMessages().Single(m => (string?)m["x-clr-type"] == type.FullName);
            Assert.Equal(EventNames.CloudEventType(type), (string?)message["name"]);
            Assert.Equal(EventNames.CloudEventType(type), (string?)message["payload"]!["allOf"]![1]!["properties"]!["type"]!["const"]);
        }
    }

    [Fact]
    public void Every_event_in_the_document_exists_in_the_code()
    {
        var messages = Document["components"]!["messages"]!.AsObject().Select(m => m.Value!);
        var unknown = messages.Select(m => (string?)m["x-clr-type"]).Where(name => name is null || !IntegrationEventTypes.ByName.ContainsKey(name)).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_event_has_its_exchange_as_a_channel()
    {
        var addresses = Channels().Select(c => (string?)c["address"]).ToHashSet();
        var missing = EventTypes.Select(EventNames.Exchange).Where(exchange => !addresses.Contains(exchange)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Each_event_schema_has_exactly_the_fields_the_code_serialises_with_the_personal_ones_marked()
    {
        foreach (var type in EventTypes)
        {
            var message = EnvelopeMessages().Single(m => (string?)m["x-clr-type"] == type.FullName);
            var reference = (string)message["payload"]!["allOf"]![1]!["properties"]!["message"]!["$ref"]!;
            var properties = Resolve(reference)["allOf"]![1]!["properties"]!.AsObject();
            var documented = properties.Select(p => p.Key).Order(StringComparer.Ordinal);
            var serialised = JsonSerializerOptions.Web.GetTypeInfo(type).Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(serialised, documented);

            var markedPersonal = properties.Where(p => p.Value?["x-personal-data"]?.ToString() == "true").Select(p => p.Key).Order(StringComparer.Ordinal);
            var personal = StreamedEvents.PersonalProperties(type).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal);
            Assert.True(personal.SequenceEqual(markedPersonal), $"{type.Name}: [PersonalData] {string.Join(", ", personal)}; x-personal-data {string.Join(", ", markedPersonal)}");
        }
    }

    private static IEnumerable<JsonNode> Channels() => Document["channels"]!.AsObject().Select(c => c.Value!);

    private static IEnumerable<JsonNode> EnvelopeMessages() =>
        Document["components"]!["messages"]!.AsObject().Select(m => m.Value!)
            .Where(m => (string?)m["contentType"] == "application/vnd.masstransit+json");

    private static IEnumerable<JsonNode> CloudEventMessages() =>
        Document["components"]!["messages"]!.AsObject().Select(m => m.Value!)
            .Where(m => (string?)m["contentType"] == CloudEvents.ContentType);

    private static JsonNode Resolve(string reference) =>
        reference.TrimStart('#', '/').Split('/').Aggregate(Document, (node, key) => node[key]!);

    private static JsonNode Load()
    {
        var yaml = File.ReadAllText(Path.Combine(Servers.RepoRoot, "docs", "asyncapi.yaml"));
        var graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
        return JsonNode.Parse(json)!;
    }
}
