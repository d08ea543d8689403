using System.Reflection;
using System.Text.Json;
using NgheAn.Contracts.Events;
using NgheAn.Contracts.Events.Audit;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Messaging;
using NgheAn.Messaging.Outbox;
using NgheAn.Messaging.Stream;

namespace NgheAn.Contracts.Tests;

/// <summary>The analysts' stream carries allow-listed event types only, and never a personal value.</summary>
public class StreamedEventsTests
{
    /// <summary>
    /// Names that say "personal" (a person's identity, birth date, sex, grades, discipline, free text
    /// about them). A property whose name contains one must be [PersonalData], or be reviewed below
    /// as not about a person. A new property with such a name fails this test until someone decides.
    /// </summary>
    private static readonly string[] PersonalNames =
    [
        "BirthDate", "Birthday", "Sex", "Gender", "Phone", "IdNumber", "Address", "Submitter", "FullName", "ResponsiblePerson",
        "Grade", "Score", "Reason", "Comment", "Form", "DecisionNumber", "Outcome", "SelfDetected", "Violation",
    ];

    /// <summary>Reviewed: not about a person, so analysts may have them.</summary>
    private static readonly Dictionary<(Type, string), string> NotPersonal = new()
    {
        [(typeof(UnitRatingDecided), nameof(UnitRatingDecided.Grade))] = "a collective's grade",
        [(typeof(UnitRatingDecided), nameof(UnitRatingDecided.UncappedGrade))] = "a collective's grade",
        [(typeof(UnitRatingDecided), nameof(UnitRatingDecided.QuotaOverrideReason))] = "about the unit's quota",
        [(typeof(CommendationGranted), nameof(CommendationGranted.DecisionNumber))] = "an honour is public",
    };

    [Fact]
    public void The_stream_carries_no_audit_event_and_only_known_event_types()
    {
        Assert.DoesNotContain(typeof(AuditRecorded), (IReadOnlySet<Type>)StreamedEvents.Types);
        Assert.False(StreamedEvents.Carries(typeof(AuditRecorded).FullName!));
        Assert.True(StreamedEvents.Carries(typeof(PersonRegistered).FullName!));
        Assert.All(StreamedEvents.Types, t => Assert.Same(t, IntegrationEventTypes.Resolve(t.FullName!)));
    }

    [Fact]
    public void Every_streamed_property_with_a_personal_name_is_marked_or_reviewed()
    {
        var unmarked = StreamedEvents.Types
            .SelectMany(type => PropertiesOf(type).Select(p => (Type: type, Property: p)))
            .Where(x => PersonalNames.Any(name => x.Property.Name.Contains(name, StringComparison.Ordinal)))
            .Where(x => !x.Property.IsDefined(typeof(PersonalDataAttribute), true) && !NotPersonal.ContainsKey((x.Type, x.Property.Name)))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}");
        Assert.Empty(unmarked);
        // The review list names real properties that are not marked.
        Assert.All(NotPersonal.Keys, k => Assert.False(k.Item1.GetProperty(k.Item2)!.IsDefined(typeof(PersonalDataAttribute), true)));
    }

    [Fact]
    public void Nested_records_of_events_carry_no_personal_data()
    {
        // The stream writer drops an event's own [PersonalData] properties; nested records must have none to drop.
        var nested = IntegrationEventTypes.ByName.Values
            .SelectMany(PropertiesOf)
            .Select(p => ElementType(p.PropertyType))
            .Where(t => t.Namespace?.StartsWith("NgheAn.Contracts.Events", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        Assert.Contains(typeof(MovedOrgUnit), nested);
        Assert.Empty(nested.SelectMany(PropertiesOf)
            .Where(p => p.IsDefined(typeof(PersonalDataAttribute), true) || PersonalNames.Any(n => p.Name.Contains(n, StringComparison.Ordinal)))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}"));
    }

    [Fact]
    public void A_CloudEvent_leaves_out_the_personal_properties_and_keeps_the_rest()
    {
        var discipline = new DisciplineImposed
        {
            DisciplineId = Guid.NewGuid(), PersonId = Guid.NewGuid(), Form = "Warning", DecisionDate = new DateOnly(2026, 3, 2),
            DecisionNumber = "15-QĐ/UBKTTU", SelfDetectedAndRemedied = true, UnitId = "xa-kim-lien",
        };
        var row = new OutboxMessage
        {
            MessageId = discipline.EventId, MessageType = typeof(DisciplineImposed).FullName!, Subject = discipline.Subject,
            Payload = JsonSerializer.Serialize(discipline, JsonSerializerOptions.Web), OccurredAt = discipline.OccurredAt,
        };

        var data = (JsonElement)CloudEvents.From(row, "supervision", null, null).Data!;

        var names = data.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["decisionDate", "disciplineId", "eventId", "occurredAt", "personId", "subject", "unitId"], names.Order(StringComparer.Ordinal));
        Assert.Equal(discipline.PersonId, data.GetProperty("personId").GetGuid());
    }

    private static IEnumerable<PropertyInfo> PropertiesOf(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static Type ElementType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var element] ? element : type;
}
