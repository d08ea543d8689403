using NgheAn.Contracts.Events;
using NgheAn.Messaging.Audit;

namespace NgheAn.CadreWork.Data;

// The cadre records this service owns. Rules live in Domain; these are rows.

public sealed class Position
{
    public Guid Id { get; set; }

    public required string UnitId { get; set; }

    public required string Name { get; set; }

    /// <summary>A leadership post of the unit (cấp ủy, head, deputy): its holder's discipline caps the unit's rating.</summary>
    public bool IsLeadership { get; set; }
}

public sealed class Person
{
    public Guid Id { get; set; }

    public required string FullName { get; set; }

    public required string UnitId { get; set; }

    /// <summary>Cadre, PartyMember, CivilServant.</summary>
    public required string Kind { get; set; }

    /// <summary>None, Full, Probationary.</summary>
    public required string Membership { get; set; }

    [PersonalData]
    public DateOnly BirthDate { get; set; }

    /// <summary>Male, Female.</summary>
    [PersonalData]
    public required string Sex { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// What a quality rating decision keeps, of a person or of a collective. Scores, grades and reasons
/// are a person's personal data; a collective's are audited the same way (one list, not two).
/// </summary>
public abstract class RatingDecision
{
    public Guid Id { get; set; }

    public required string UnitId { get; set; }

    public required string Period { get; set; }

    public DateOnly RatingDate { get; set; }

    [PersonalData]
    public decimal? GeneralScore { get; set; }

    [PersonalData]
    public decimal? TaskScore { get; set; }

    public bool AllTasksOnTime { get; set; }

    [PersonalData]
    public string? ProposedGrade { get; set; }

    [PersonalData]
    public required string Grade { get; set; }

    [PersonalData]
    public required string UncappedGrade { get; set; }

    public List<string> RuleIds { get; set; } = [];

    [PersonalData]
    public List<string> CapReasons { get; set; } = [];

    /// <summary>The written reason that took an HTXSNV over the 20% quota; null when nothing was overridden.</summary>
    [PersonalData]
    public string? QuotaOverrideReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person's rating; <see cref="RatingDecision.UnitId"/> is the person's unit when rated, the organisation whose HTXSNV quota it counts against.</summary>
public sealed class Rating : RatingDecision
{
    public Guid PersonId { get; set; }

    public required string CommitmentSummary { get; set; }
}

public sealed class Commitment
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public required string UnitId { get; set; }

    /// <summary>"2025" or "2025-03".</summary>
    public required string Period { get; set; }

    public int Year { get; set; }

    public required string Content { get; set; }

    /// <summary>Met, PartlyMet, NotMet; null until reviewed.</summary>
    public string? Result { get; set; }

    public string? ReviewComment { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }
}

public sealed class PlanningEntry
{
    public Guid Id { get; set; }

    public Guid PositionId { get; set; }

    public Guid PersonId { get; set; }

    public DateOnly DecisionDate { get; set; }

    public required string RuleId { get; set; }
}

public sealed class Appointment
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid PositionId { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly TermEnd { get; set; }

    public DateOnly NoticeDue { get; set; }

    public string? DecisionNumber { get; set; }

    public required string RuleId { get; set; }
}

public sealed class Transfer : IBelongsToUnit
{
    string? IBelongsToUnit.OwningUnitId => ToUnitId;

    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Transfer or Rotation.</summary>
    public required string Kind { get; set; }

    public required string FromUnitId { get; set; }

    public required string ToUnitId { get; set; }

    public DateOnly EffectiveDate { get; set; }

    public string? RuleId { get; set; }
}

public sealed class TrainingRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public required string Program { get; set; }

    public string? Institution { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }
}

/// <summary>A discipline decision in a person's file, from Supervision's DisciplineImposed.</summary>
public sealed class DisciplineEntry
{
    /// <summary>Supervision's discipline id.</summary>
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Reprimand, Warning, Dismissal, Expulsion.</summary>
    [PersonalData]
    public required string Form { get; set; }

    public DateOnly DecisionDate { get; set; }

    [PersonalData]
    public string? DecisionNumber { get; set; }

    [PersonalData]
    public bool SelfDetectedAndRemedied { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The form first decided, when an appeal changed it (DisciplineChanged).</summary>
    [PersonalData]
    public string? OriginalForm { get; set; }

    /// <summary>Set when an appeal annulled the decision: the rules no longer see it.</summary>
    public DateOnly? AnnulledOn { get; set; }

    /// <summary>The latest appeal decision's date and number.</summary>
    public DateOnly? AppealDecidedOn { get; set; }

    [PersonalData]
    public string? AppealDecisionNumber { get; set; }
}

/// <summary>A commendation in a person's file, from Emulation's CommendationGranted.</summary>
public sealed class CommendationEntry
{
    /// <summary>Emulation's commendation id.</summary>
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public required string Title { get; set; }

    public required string Level { get; set; }

    public DateOnly DecisionDate { get; set; }

    public string? DecisionNumber { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Set from Emulation's AwardRevoked: the entry stays in the file, struck.</summary>
    public DateOnly? RevokedOn { get; set; }

    public string? RevocationReason { get; set; }
}

/// <summary>A collective's (unit's) quality rating for a period; <see cref="RatingDecision.UnitId"/> is the unit rated.</summary>
public sealed class UnitRating : RatingDecision
{
    /// <summary>Derived when rated: a holder of a leadership position of the unit was disciplined in the period.</summary>
    public bool LeadershipMemberDisciplined { get; set; }

    /// <summary>The organisation whose HTXSNV quota the rating counts against: the unit's parent when rated.</summary>
    public required string OrganisationId { get; set; }
}
