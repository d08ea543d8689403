using NgheAn.Emulation.Domain;

namespace NgheAn.Emulation.Data;

/// <summary>A yearly rating from CadreWork's RatingDecided (the latest decision for the year wins).</summary>
public sealed class RatingFact
{
    public Guid PersonId { get; set; }

    public int Year { get; set; }

    public RatingGrade Grade { get; set; }

    public DateOnly RatingDate { get; set; }
}

/// <summary>A case against a person from Supervision (discipline, inspection, complaint): open until closed.</summary>
public sealed class CaseFact
{
    /// <summary>The discipline's, inspection's or petition's id in Supervision.</summary>
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary><see cref="PendingCase.Discipline"/>, <see cref="PendingCase.Inspection"/> or <see cref="PendingCase.Complaint"/>.</summary>
    public required string Kind { get; set; }

    public required string Reference { get; set; }

    public DateOnly OpenedOn { get; set; }

    public DateOnly? ClosedOn { get; set; }

    public PendingCase ToPendingCase() => new(Kind, Reference, OpenedOn, ClosedOn);
}

/// <summary>A collective's yearly rating from CadreWork's UnitRatingDecided, for collective titles.</summary>
public sealed class UnitRatingFact
{
    public required string UnitId { get; set; }

    public int Year { get; set; }

    public RatingGrade Grade { get; set; }

    public DateOnly RatingDate { get; set; }
}
