namespace NgheAn.Supervision.Data;

/// <summary>A change made through any service's API, kept for the inspection commission.</summary>
public sealed class AuditEntry
{
    /// <summary>The AuditRecorded event's id.</summary>
    public Guid Id { get; set; }

    public required string Service { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public required string Action { get; set; }

    public required string Person { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? CallerUnitId { get; set; }

    public string? UnitId { get; set; }

    /// <summary>JSON of the changed properties.</summary>
    public required string Changes { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public string? CorrelationId { get; set; }
}
