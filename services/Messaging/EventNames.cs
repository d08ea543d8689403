using System.Collections.Frozen;
using System.Text;
using MassTransit;
using NgheAn.Contracts.Events;

namespace NgheAn.Messaging;

/// <summary>
/// The names an integration event goes by outside .NET: the owning service (the last segment of
/// its namespace), its kebab-case name, the RabbitMQ exchange it is published to
/// ("nghean.directives.document-issued") and its CloudEvents type
/// ("vn.nghean.directives.document-issued.v1").
/// </summary>
public static class EventNames
{
    private const string Namespace = "NgheAn.Contracts.Events.";

    private static readonly FrozenDictionary<Type, string> Exchanges =
        IntegrationEventTypes.ByName.Values.ToFrozenDictionary(t => t, t => $"nghean.{Service(t)}.{Kebab(t.Name)}");

    public static string Service(Type eventType) =>
        eventType.Namespace is { } ns && ns.StartsWith(Namespace, StringComparison.Ordinal)
            ? ns[Namespace.Length..].ToLowerInvariant()
            : throw new InvalidOperationException($"{eventType.FullName} is not in a namespace {Namespace}<Service>.");

    public static string Exchange(Type eventType) =>
        Exchanges.TryGetValue(eventType, out var name)
            ? name
            : throw new InvalidOperationException($"{eventType.FullName} is not an integration event.");

    /// <summary>Version 1 of every event; a breaking change is a new event type (…V2) and a new CloudEvents type.</summary>
    public static string CloudEventType(Type eventType) => $"vn.{Exchange(eventType)}.v1";

    /// <summary>"DocumentIssued" → "document-issued".</summary>
    public static string Kebab(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}

/// <summary>Names the exchange of each integration event after <see cref="EventNames.Exchange" />; other messages (faults) keep MassTransit's names.</summary>
internal sealed class EventExchangeNameFormatter(IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() =>
        typeof(T).IsSubclassOf(typeof(IntegrationEvent)) ? EventNames.Exchange(typeof(T)) : fallback.FormatEntityName<T>();
}
