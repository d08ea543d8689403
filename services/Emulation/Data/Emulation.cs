using NgheAn.Contracts.Events;
using NgheAn.Emulation.Domain;

namespace NgheAn.Emulation.Data;

/// <summary>An emulation movement (phong trào thi đua), optionally carrying out a known directive.</summary>
public sealed class Movement
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string UnitId { get; set; }

    public Guid? DocumentId { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An exemplary model and where its lifecycle stands; its steps are <see cref="ModelStepRecord"/> rows.</summary>
public sealed class ModelRecord
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string UnitId { get; set; }

    /// <summary>Collective or individual (the domain's <see cref="AwardSubject"/>).</summary>
    public AwardSubject Subject { get; set; }

    public Guid? PersonId { get; set; }

    public Guid? MovementId { get; set; }

    public Guid? DocumentId { get; set; }

    public ModelStage Stage { get; set; }

    /// <summary>The highest level commended at and when (what reports count).</summary>
    public CommendationLevel? CommendedLevel { get; set; }

    public DateOnly? CommendedOn { get; set; }

    public List<Guid> LikelyDuplicateOf { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public List<ModelStepRecord> Steps { get; set; } = [];
}

public sealed class ModelStepRecord
{
    public Guid Id { get; set; }

    public Guid ModelId { get; set; }

    public int Sequence { get; set; }

    public ModelStage Stage { get; set; }

    public DateOnly DecidedOn { get; set; }

    public required string DecidedBy { get; set; }

    public List<string> Evidence { get; set; } = [];

    public CommendationLevel? Level { get; set; }

    public bool? Passed { get; set; }

    public List<string> ReplicatedIn { get; set; } = [];

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public ModelStep ToStep() => new(Stage, DecidedOn, DecidedBy, Evidence, Level, Passed, ReplicatedIn);
}

public enum NominationStatus
{
    Pending = 1,
    Appraised = 2,
    Refused = 3,
    Granted = 4,
}

/// <summary>A nomination for an award, with the reasons it was last found ineligible (jsonb).</summary>
public sealed class NominationRecord
{
    public Guid Id { get; set; }

    public required string AwardCode { get; set; }

    public int Year { get; set; }

    public Guid? PersonId { get; set; }

    /// <summary>The collective, or the person's unit.</summary>
    public required string UnitId { get; set; }

    public required string Achievement { get; set; }

    public string? AchievementId { get; set; }

    public NominationStatus Status { get; set; }

    public List<IneligibilityReason> Reasons { get; set; } = [];

    public List<Guid> LikelyDuplicateOf { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public string? AppraisedBy { get; set; }

    public DateOnly? AppraisedOn { get; set; }

    public Guid? AwardId { get; set; }
}

/// <summary>A granted award. <see cref="RevocationFlag"/> marks it for review after a later discipline.</summary>
public sealed class AwardRecord
{
    public Guid Id { get; set; }

    public required string AwardCode { get; set; }

    public required string Title { get; set; }

    public CommendationLevel Level { get; set; }

    public int Year { get; set; }

    public Guid? PersonId { get; set; }

    public required string UnitId { get; set; }

    public Guid? NominationId { get; set; }

    public string? AchievementId { get; set; }

    public DateOnly DecisionDate { get; set; }

    public string? DecisionNumber { get; set; }

    public string? RevocationFlag { get; set; }

    /// <summary>The discipline that raised <see cref="RevocationFlag"/>: annulling it on appeal lowers the flag.</summary>
    public Guid? RevocationFlagCaseId { get; set; }

    public DateOnly? RevokedOn { get; set; }

    public string? RevocationGround { get; set; }

    [PersonalData]
    public string? RevocationReason { get; set; }
}
