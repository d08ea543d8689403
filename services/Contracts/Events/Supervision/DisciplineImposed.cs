namespace NgheAn.Contracts.Events.Supervision;

/// <summary>
/// Party discipline was imposed on a person (Quy định 69-QĐ/TW). CadreWork records it in the
/// person's file, caps the year's rating and starts the waiting period before planning or
/// appointment; Emulation freezes nominations. UnitId is the person's unit.
/// </summary>
public sealed record DisciplineImposed : IntegrationEvent
{
    public required Guid DisciplineId { get; init; }

    /// <summary>The person's id in CadreWork.</summary>
    public required Guid PersonId { get; init; }

    /// <summary>Reprimand (khiển trách), Warning (cảnh cáo), Dismissal (cách chức) or Expulsion (khai trừ). CadreWork's file and waiting periods need it.</summary>
    [PersonalData]
    public required string Form { get; init; }

    /// <summary>The decision's date: picks the waiting-period rule in force.</summary>
    public required DateOnly DecisionDate { get; init; }

    /// <summary>e.g. "12-QĐ/UBKTTU" (names the decision about the person: kept in CadreWork's file).</summary>
    [PersonalData]
    public string? DecisionNumber { get; init; }

    /// <summary>The violation was self-detected and remedied: the year's rating is not capped.</summary>
    [PersonalData]
    public bool SelfDetectedAndRemedied { get; init; }

    public override string Subject => $"disciplines/{DisciplineId}";
}
