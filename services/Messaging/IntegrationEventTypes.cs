using System.Collections.Frozen;
using NgheAn.Contracts.Events;

namespace NgheAn.Messaging;

/// <summary>Every integration event type of the platform, by full name (as stored in the outbox).</summary>
public static class IntegrationEventTypes
{
    public static readonly FrozenDictionary<string, Type> ByName = typeof(IntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(IntegrationEvent)))
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"Unknown integration event type '{name}'.");
}
