using System.Text.Json;
using System.Text.Json.Nodes;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Stream;
using YamlDotNet.Serialization;

namespace NgheAn.Messaging.Tests;

/// <summary>docs/asyncapi.yaml lists every integration event of the code, with its names and fields, and nothing else.</summary>
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
    public void Every_event_type_in_the_code_is_in_the_document_as_a_CloudEvent()
    {
        var listed = CloudEventMessages().Select(m => (string?)m["x-clr-type"]).ToHashSet();
        var missing = EventTypes.Select(t => t.FullName).Where(name => !listed.Contains(name)).ToList();
        Assert.Empty(missing);
        foreach (var type in EventTypes)
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
    public void Each_event_schema_has_exactly_the_fields_the_code_serialises()
    {
        foreach (var type in EventTypes)
        {
            var message = CloudEventMessages().Single(m => (string?)m["x-clr-type"] == type.FullName);
            var reference = (string)message["payload"]!["allOf"]![1]!["properties"]!["data"]!["$ref"]!;
            var schema = Resolve(reference);
            var documented = schema["allOf"]![1]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            var serialised = JsonSerializerOptions.Web.GetTypeInfo(type).Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(serialised, documented);
        }
    }

    private static IEnumerable<JsonNode> Channels() => Document["channels"]!.AsObject().Select(c => c.Value!);

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
