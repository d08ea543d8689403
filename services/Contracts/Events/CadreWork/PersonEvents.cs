namespace NgheAn.Contracts.Events.CadreWork;

/// <summary>A person was registered in a unit. Carries no personal data (birth date, sex, ratings, discipline); the name only for the services' copies of people.</summary>
public sealed record PersonRegistered : IntegrationEvent
{
    public required Guid PersonId { get; init; }

    /// <summary>Supervision's and Emulation's copies of people name them in reports; never on the analysts' stream.</summary>
    [PersonalData]
    public required string FullName { get; init; }

    /// <summary>Cadre, PartyMember or CivilServant.</summary>
    public required string Kind { get; init; }

    /// <summary>None, Full or Probationary.</summary>
    public required string Membership { get; init; }

    public override string Subject => $"people/{PersonId}";
}

/// <summary>
/// A person moved to another unit: a transfer (điều động), a rotation (luân chuyển), or the
/// reorganisation of their unit (merged or split into a successor). UnitId is the new unit.
/// </summary>
public sealed record PersonMoved : IntegrationEvent
{
    public required Guid PersonId { get; init; }

    public required string FromUnitId { get; init; }

    public required string ToUnitId { get; init; }

    /// <summary>Transfer, Rotation or Reorganisation.</summary>
    public required string Kind { get; init; }

    public required DateOnly EffectiveDate { get; init; }

    /// <summary>The rule version applied (rotations), e.g. "rotation-service-left/377-QD-TW".</summary>
    public string? RuleId { get; init; }

    public override string Subject => $"people/{PersonId}";
}

/// <summary>A person was rotated (luân chuyển) to another unit; also told as <see cref="PersonMoved"/>.</summary>
public sealed record PersonRotated : IntegrationEvent
{
    public required Guid PersonId { get; init; }

    public required Guid TransferId { get; init; }

    public required string FromUnitId { get; init; }

    public required string ToUnitId { get; init; }

    public required DateOnly EffectiveDate { get; init; }

    public required string RuleId { get; init; }

    public override string Subject => $"people/{PersonId}";
}

/// <summary>A quality rating was decided. Emulation checks title eligibility against it (Lao động tiên tiến needs ≥ HTTNV).</summary>
public sealed record RatingDecided : IntegrationEvent
{
    public required Guid RatingId { get; init; }

    public required Guid PersonId { get; init; }

    /// <summary>"2025", "2025-Q4" or "2020-2025".</summary>
    public required string Period { get; init; }

    public required DateOnly RatingDate { get; init; }

    /// <summary>Excellent (HTXSNV), Good (HTTNV), Completed (HTNV) or NotCompleted (KHTNV), after caps. Emulation's title checks need it.</summary>
    [PersonalData]
    public required string Grade { get; init; }

    /// <summary>The grade before caps.</summary>
    [PersonalData]
    public required string UncappedGrade { get; init; }

    /// <summary>The rule versions that produced it; a cap's rule tells that the person was disciplined.</summary>
    [PersonalData]
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>No longer set: free text about a person's rating that no consumer needs (kept: a contract only grows).</summary>
    [PersonalData]
    public string? QuotaOverrideReason { get; init; }

    public override string Subject => $"people/{PersonId}";
}

/// <summary>A collective's (unit's) quality rating was decided; <see cref="IntegrationEvent.UnitId"/> is the unit rated.</summary>
public sealed record UnitRatingDecided : IntegrationEvent
{
    public required Guid RatingId { get; init; }

    /// <summary>"2025", "2025-Q4" or "2020-2025".</summary>
    public required string Period { get; init; }

    public required DateOnly RatingDate { get; init; }

    /// <summary>Excellent (HTXSNV), Good (HTTNV), Completed (HTNV) or NotCompleted (KHTNV), after caps.</summary>
    public required string Grade { get; init; }

    /// <summary>The grade before caps.</summary>
    public required string UncappedGrade { get; init; }

    /// <summary>A holder of a leadership position of the unit was disciplined in the period.</summary>
    public required bool LeadershipMemberDisciplined { get; init; }

    /// <summary>The rule versions that produced it.</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>Set when the HTXSNV quota of the organisation above the unit was exceeded by an override.</summary>
    public string? QuotaOverrideReason { get; init; }

    public override string Subject => $"org-units/{UnitId}";
}

/// <summary>A person was appointed to a position for a term.</summary>
public sealed record PersonAppointed : IntegrationEvent
{
    public required Guid AppointmentId { get; init; }

    public required Guid PersonId { get; init; }

    public required Guid PositionId { get; init; }

    public required string PositionName { get; init; }

    public required DateOnly StartDate { get; init; }

    public required DateOnly TermEndDate { get; init; }

    public required DateOnly ReappointmentNoticeDue { get; init; }

    public required string RuleId { get; init; }

    public override string Subject => $"people/{PersonId}";
}

/// <summary>A person was planned (quy hoạch) for a position.</summary>
public sealed record PersonPlanned : IntegrationEvent
{
    public required Guid PlanningEntryId { get; init; }

    public required Guid PersonId { get; init; }

    public required Guid PositionId { get; init; }

    public required DateOnly DecisionDate { get; init; }

    public required string RuleId { get; init; }

    public override string Subject => $"people/{PersonId}";
}
