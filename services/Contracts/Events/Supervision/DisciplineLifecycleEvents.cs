namespace NgheAn.Contracts.Events.Supervision;

/// <summary>
/// A discipline decision was changed on appeal (khiếu nại kỷ luật đảng): upheld, replaced by
/// another form or annulled. CadreWork and Emulation re-apply their rules to the new form.
/// UnitId is the person's unit.
/// </summary>
public sealed record DisciplineChanged : IntegrationEvent
{
    /// <summary>The values of <see cref="Outcome"/>.</summary>
    public const string Upheld = "upheld";
    public const string Changed = "changed";
    public const string Annulled = "annulled";

    public required Guid DisciplineId { get; init; }

    public required Guid PersonId { get; init; }

    /// <summary>upheld, changed or annulled.</summary>
    [PersonalData]
    public required string Outcome { get; init; }

    /// <summary>The form in force after the appeal; null when annulled.</summary>
    [PersonalData]
    public string? Form { get; init; }

    /// <summary>The appeal decision's date.</summary>
    public required DateOnly DecidedOn { get; init; }

    [PersonalData]
    public string? DecisionNumber { get; init; }

    public override string Subject => $"disciplines/{DisciplineId}";
}

/// <summary>
/// A discipline decision stopped having effect (its period under the rules in force ended).
/// Waiting periods counted from the decision are not changed by this. UnitId is the person's unit.
/// </summary>
public sealed record DisciplineExpired : IntegrationEvent
{
    public required Guid DisciplineId { get; init; }

    public required Guid PersonId { get; init; }

    public required DateOnly ExpiredOn { get; init; }

    public override string Subject => $"disciplines/{DisciplineId}";
}
