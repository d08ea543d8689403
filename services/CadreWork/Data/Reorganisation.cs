namespace NgheAn.CadreWork.Data;

/// <summary>
/// A merge, split or rename as decided. One with an effective date after the decision day waits
/// here (<see cref="AppliedAt"/> null) until that date; then its people, open records and sub-units
/// move and its events are published. A rename changes the name history at once (reads as of a
/// date are right) and only its OrgUnitRenamed waits; its unit is <see cref="DefaultSuccessorId"/>.
/// </summary>
public sealed class Reorganisation
{
    public const string MergeKind = "Merge";
    public const string SplitKind = "Split";
    public const string RenameKind = "Rename";

    public Guid Id { get; set; }

    /// <summary>Merge, Split or Rename.</summary>
    public required string Kind { get; set; }

    public DateOnly EffectiveDate { get; set; }

    /// <summary>The units that close: the merged units, or the split unit.</summary>
    public List<string> ClosedUnitIds { get; set; } = [];

    /// <summary>The merge's successor, or the split's successors in order.</summary>
    public List<string> SuccessorIds { get; set; } = [];

    /// <summary>The successor that takes the sub-units, positions and everyone not assigned elsewhere.</summary>
    public required string DefaultSuccessorId { get; set; }

    /// <summary>A merge whose successor was created by it.</summary>
    public bool SuccessorCreated { get; set; }

    /// <summary>A split's assignments: the person at index i goes to <see cref="AssignedSuccessorIds"/>[i].</summary>
    public List<string> AssignedPersonIds { get; set; } = [];

    public List<string> AssignedSuccessorIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AppliedAt { get; set; }
}
