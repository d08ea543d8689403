using NgheAn.Contracts.Events;
using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Data;

public enum PetitionSource
{
    Citizen = 1,
    FatherlandFront = 2,
    MassOrganisation = 3,
}

/// <summary>A petition and its clocks.</summary>
public sealed class Petition
{
    public Guid Id { get; set; }

    /// <summary>The handling unit (the receiving unit until assigned).</summary>
    public required string UnitId { get; set; }

    public required string ReceivingUnitId { get; set; }

    public PetitionKind Kind { get; set; }

    public PetitionSource Source { get; set; }

    public required string Summary { get; set; }

    public DateOnly ReceivedOn { get; set; }

    // The submitter's identity: never in events, nor its values in the audit trail; cleared from
    // responses for roles that do not handle petitions.
    [PersonalData]
    public string? SubmitterName { get; set; }

    [PersonalData]
    public string? SubmitterAddress { get; set; }

    [PersonalData]
    public string? SubmitterPhone { get; set; }

    [PersonalData]
    public string? SubmitterIdNumber { get; set; }

    public Guid? SubjectPersonId { get; set; }

    public DateOnly AcceptanceDue { get; set; }

    public DateOnly? AcceptedOn { get; set; }

    public bool Complex { get; set; }

    public List<PetitionExtension> Extensions { get; set; } = [];

    public DateOnly? ResolutionDue { get; set; }

    /// <summary>The deadline that runs now (PetitionClocks.CurrentDue); the overdue scan reads it.</summary>
    public DateOnly? DueOn { get; set; }

    public List<string> RuleIds { get; set; } = [];

    public DateOnly? ResolvedOn { get; set; }

    public DateOnly? ReplySentOn { get; set; }

    public string? Reply { get; set; }

    /// <summary>Set once, by the overdue scanner, in the transaction that publishes PetitionOverdue.</summary>
    public DateTimeOffset? OverdueNoticedAt { get; set; }
}

/// <summary>A written extension of a denunciation's resolution.</summary>
public sealed class PetitionExtension
{
    public DateOnly DecidedOn { get; set; }

    public required string DecisionNumber { get; set; }
}
