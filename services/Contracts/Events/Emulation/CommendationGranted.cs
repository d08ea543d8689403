namespace NgheAn.Contracts.Events.Emulation;

/// <summary>
/// A title or form of commendation was granted (Luật Thi đua, khen thưởng 2022). CadreWork records
/// it in the person's file when it names a person. UnitId is the recipient's unit.
/// </summary>
public sealed record CommendationGranted : IntegrationEvent
{
    public required Guid CommendationId { get; init; }

    /// <summary>The person's id in CadreWork; null for a collective.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>The collective's unit, for a collective award.</summary>
    public string? OrgUnitId { get; init; }

    /// <summary>e.g. "Chiến sĩ thi đua cơ sở", "Bằng khen của Chủ tịch UBND tỉnh".</summary>
    public required string Title { get; init; }

    /// <summary>co-so, tinh or trung-uong.</summary>
    public required string Level { get; init; }

    public required DateOnly DecisionDate { get; init; }

    public string? DecisionNumber { get; init; }

    public override string Subject => $"commendations/{CommendationId}";
}
