using NgheAn.Contracts.Events;
using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Data;

/// <summary>A discipline decision on a member or an organisation.</summary>
public sealed class Discipline
{
    public Guid Id { get; set; }

    /// <summary>The person's unit, or the organisation disciplined.</summary>
    public required string UnitId { get; set; }

    public DisciplineSubject Subject { get; set; }

    public Guid? PersonId { get; set; }

    public bool HoldsPosition { get; set; }

    /// <summary>The form in force (after an appeal, the appeal's).</summary>
    [PersonalData]
    public DisciplineForm Form { get; set; }

    public DateOnly DecisionDate { get; set; }

    [PersonalData]
    public string? DecisionNumber { get; set; }

    [PersonalData]
    public string? Reason { get; set; }

    public bool SelfDetectedAndRemedied { get; set; }

    public required string FormsRuleId { get; set; }

    public required string EffectRuleId { get; set; }

    /// <summary>Null: never (expulsion, dissolution) or annulled.</summary>
    public DateOnly? EffectEndsOn { get; set; }

    /// <summary>Set once, by the expiry scanner, in the transaction that publishes DisciplineExpired.</summary>
    public DateOnly? ExpiredOn { get; set; }

    [PersonalData]
    public DisciplineForm? OriginalForm { get; set; }

    [PersonalData]
    public AppealOutcome? AppealOutcome { get; set; }

    public DateOnly? AppealDecidedOn { get; set; }

    [PersonalData]
    public string? AppealDecisionNumber { get; set; }
}
