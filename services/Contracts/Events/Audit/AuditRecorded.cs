namespace NgheAn.Contracts.Events.Audit;

/// <summary>
/// Someone changed a record through the API: who, when, from which unit and what changed. Every
/// service emits these with the change itself; Supervision keeps them for the inspection commission.
/// </summary>
public sealed record AuditRecorded : IntegrationEvent
{
    /// <summary>The service where the change was made, e.g. "directives".</summary>
    public required string Service { get; init; }

    /// <summary>The kind of record, e.g. "Document".</summary>
    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    /// <summary>Created, Updated or Deleted.</summary>
    public required string Action { get; init; }

    /// <summary>The caller's person id (the token's subject).</summary>
    public required string Person { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The caller's own organisation unit, when the token names one.</summary>
    public string? CallerUnitId { get; init; }

    /// <summary>The changed properties as JSON: {"Title": {"old": "…", "new": "…"}}.</summary>
    public required string Changes { get; init; }

    public string? CorrelationId { get; init; }

    public override string Subject => $"{Service}/{EntityType}/{EntityId}";
}
