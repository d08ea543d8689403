using System.Text.Json;
using NgheAn.Contracts.Events;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging;

namespace NgheAn.Contracts.Tests;

/// <summary>Integration events are well-formed facts that the outbox relay can store and resolve.</summary>
public class IntegrationEventTests
{
    private static readonly Type[] EventTypes = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(IntegrationEvent)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Discovery_finds_the_known_events()
    {
        // Guards the other tests against passing vacuously on an empty list.
        Assert.Contains(typeof(DocumentIssued), EventTypes);
    }

    [Fact]
    public void Events_are_sealed()
    {
        // A subclass would reach consumers of the base type; a changed fact is a new event type.
        Assert.Empty(EventTypes.Where(t => !t.IsSealed).Select(t => t.FullName));
    }

    [Fact]
    public void Events_live_in_a_namespace_per_service()
    {
        Assert.Empty(EventTypes
            .Where(t => t.Namespace?.StartsWith("NgheAn.Contracts.Events.", StringComparison.Ordinal) != true)
            .Select(t => t.FullName));
    }

    [Fact]
    public void Events_are_named_as_past_tense_facts()
    {
        // "DocumentIssued", not "DocumentIssuedEvent" or "IssueDocumentCommand".
        Assert.Empty(EventTypes
            .Where(t => t.Name.EndsWith("Event", StringComparison.Ordinal) || t.Name.EndsWith("Command", StringComparison.Ordinal))
            .Select(t => t.FullName));
    }

    [Fact]
    public void The_outbox_can_resolve_every_event_by_full_name()
    {
        var missing = EventTypes
            .Where(t => !IntegrationEventTypes.ByName.TryGetValue(t.FullName!, out var found) || found != t)
            .Select(t => t.FullName);

        Assert.Empty(missing);
        Assert.Equal(typeof(DocumentIssued), IntegrationEventTypes.Resolve(typeof(DocumentIssued).FullName!));
    }

    [Fact]
    public void Resolving_an_unknown_name_throws()
    {
        Assert.Throws<InvalidOperationException>(() => IntegrationEventTypes.Resolve("Nope"));
    }

    [Fact]
    public void DocumentIssued_round_trips_through_json()
    {
        var issued = new DocumentIssued
        {
            DocumentId = Guid.NewGuid(),
            Symbol = "196-KH/TU",
            Type = "KH",
            Issuer = "TU",
            Title = "Kế hoạch thực hiện Chỉ thị 05-CT/TW",
            IssueDate = new DateOnly(2019, 6, 13),
            Implements = ["05-CT/TW"],
            UnitId = "tinh-uy",
            OccurredAt = new DateTimeOffset(2019, 6, 13, 8, 30, 0, TimeSpan.FromHours(7)),
        };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var copy = JsonSerializer.Deserialize<DocumentIssued>(JsonSerializer.Serialize(issued, options), options);

        Assert.NotNull(copy);
        Assert.Equal(issued.Implements, copy.Implements);
        // Record equality compares the list by reference, so compare everything else with the list swapped in.
        Assert.Equal(issued, copy with { Implements = issued.Implements });
        Assert.Equal(issued.Subject, copy.Subject);
    }
}
