using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NgheAn.Contracts.Events;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Contracts.Events.Supervision;

namespace NgheAn.Messaging.Stream;

/// <summary>
/// What the analysts' stream carries: the event types on this list (the one place it is kept;
/// docs/events.md and docs/asyncapi.yaml state it, a test compares them), each without its
/// <see cref="PersonalDataAttribute" /> properties. Audit events are not analysts' data.
/// </summary>
public static class StreamedEvents
{
    public static readonly FrozenSet<Type> Types = new[]
    {
        typeof(DocumentIssued), typeof(DocumentAmended), typeof(DocumentSuperseded), typeof(ReviewPublished),
        typeof(TaskAssigned), typeof(TaskProgressReported), typeof(TaskCompleted), typeof(TaskOverdue),
        typeof(OrgUnitCreated), typeof(OrgUnitRenamed), typeof(OrgUnitsMerged), typeof(OrgUnitSplit),
        typeof(PersonRegistered), typeof(PersonMoved), typeof(PersonRotated), typeof(PersonAppointed), typeof(PersonPlanned),
        typeof(RatingDecided), typeof(UnitRatingDecided),
        typeof(CommendationGranted), typeof(AwardRevoked), typeof(ModelNominated), typeof(ModelCommended), typeof(ModelReplicated),
        typeof(DisciplineImposed), typeof(DisciplineChanged), typeof(DisciplineExpired),
        typeof(InspectionOpened), typeof(InspectionConcluded),
        typeof(PetitionReceived), typeof(PetitionResolved), typeof(PetitionOverdue),
        typeof(ReceptionHeld), typeof(ReceptionMissed),
    }.ToFrozenSet();

    private static readonly FrozenSet<string> TypeNames = Types.Select(t => t.FullName!).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The JSON names of each event type's personal properties (camelCase, as the outbox stores them).</summary>
    private static readonly FrozenDictionary<Type, string[]> Personal = IntegrationEventTypes.ByName.Values.ToFrozenDictionary(
        type => type,
        type => PersonalProperties(type).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray());

    /// <summary>By the outbox's stored type name (full CLR name).</summary>
    public static bool Carries(string messageType) => TypeNames.Contains(messageType);

    public static IEnumerable<PropertyInfo> PersonalProperties(Type type) =>
        type.GetProperties().Where(p => p.IsDefined(typeof(PersonalDataAttribute), inherit: true));

    /// <summary>The event's JSON as the stream carries it: without its personal properties.</summary>
    public static JsonElement Data(Type type, string payload)
    {
        var data = JsonNode.Parse(payload)!.AsObject();
        foreach (var name in Personal.GetValueOrDefault(type, []))
        {
            data.Remove(name);
        }

        return JsonSerializer.SerializeToElement(data);
    }
}
