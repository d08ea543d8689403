using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.Domain;

/// <summary>A stored unit as the reorganisation rules see it.</summary>
public sealed record ExistingUnit(string Id, string Name, string Level, string? ParentId, string Path, DateOnly ValidFrom, DateOnly? ValidTo)
{
    public bool IsWithin(string rootPath) => Path == rootPath || Path.StartsWith(rootPath + "/", StringComparison.Ordinal);
}

/// <summary>A name a unit had before a rename: valid from <see cref="ValidFrom"/> to <see cref="ValidTo"/>, both inclusive.</summary>
public sealed record FormerName(string Name, DateOnly ValidFrom, DateOnly ValidTo);

/// <summary>Where a unit hung before a move: parent and path from <see cref="ValidFrom"/> to <see cref="ValidTo"/>, both inclusive.</summary>
public sealed record FormerPlacement(string? ParentId, string Path, DateOnly ValidFrom, DateOnly ValidTo);

/// <summary>
/// Renaming, merging and splitting units with an effective date (the Organization Committee's
/// decisions, e.g. the communes merged from 1 July 2025 by Nghị quyết 1678/NQ-UBTVQH15). A rename
/// keeps the unit and its id; a merge or split closes units on the day before the effective date
/// and links the successors to them. A closed unit is history and is not reorganised again; the
/// old unit must have existed for at least one day (effective date after its valid_from).
/// </summary>
public static class OrgUnitReorganisation
{
    /// <summary>The last day of a unit closed by a decision effective on <paramref name="effective"/>.</summary>
    public static DateOnly ClosingDate(DateOnly effective) => effective.AddDays(-1);

    /// <summary>
    /// Whether a decision effective on a date is carried out on <paramref name="today"/> (Vietnam
    /// time): on or after the date. Before it the decision waits, and the old units stay current.
    /// </summary>
    public static bool TakesEffectNow(DateOnly effective, DateOnly today) => effective <= today;

    /// <summary>
    /// A unit that takes over others by a scheduled merge or split must still be open on that date:
    /// closing it on or before then would send their people into a closed unit.
    /// </summary>
    /// <param name="takesOverOn">The latest effective date of a scheduled reorganisation the unit is a successor in.</param>
    public static FieldViolation? CheckScheduledTakeOver(string unitId, string field, DateOnly? effective, DateOnly? takesOverOn) =>
        effective is { } date && takesOverOn is { } takeOver && date <= takeOver
            ? new(field, $"'{unitId}' takes over units on {takeOver:yyyy-MM-dd} by a scheduled merge or split; it can close only after that date.")
            : null;

    /// <summary>
    /// The placement a move effective on <paramref name="effective"/> ends: from the unit's last move
    /// (or its start) to the day before. Null when the unit only begins on or after that date, so it
    /// never hung in the old place.
    /// </summary>
    public static FormerPlacement? FormerPlacementOf(
        string? parentId, string path, DateOnly unitValidFrom, DateOnly? lastMoved, DateOnly effective)
    {
        var from = lastMoved ?? unitValidFrom;
        var to = ClosingDate(effective);
        return from <= to ? new FormerPlacement(parentId, path, from, to) : null;
    }

    /// <summary>The name a unit had on a date: a former name covering it, else the current name.</summary>
    public static string NameOn(string currentName, IEnumerable<FormerName> formerNames, DateOnly date) =>
        formerNames.FirstOrDefault(n => n.ValidFrom <= date && date <= n.ValidTo)?.Name ?? currentName;

    /// <summary>The former name a rename records: from the last rename (or the unit's start) to the day before.</summary>
    public static FormerName FormerNameOf(ExistingUnit unit, DateOnly? lastRename, DateOnly effective) =>
        new(unit.Name, lastRename ?? unit.ValidFrom, ClosingDate(effective));

    public static IReadOnlyList<FieldViolation> CheckRename(ExistingUnit unit, string? newName, DateOnly? effective, DateOnly? lastRename)
    {
        var errors = new List<FieldViolation>();
        var name = newName?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("name", "is required."));
        }
        else if (name.Length > OrgUnitRules.MaxNameLength)
        {
            errors.Add(new("name", $"must be at most {OrgUnitRules.MaxNameLength} characters."));
        }
        else if (name == unit.Name)
        {
            errors.Add(new("name", $"is already the unit's name."));
        }

        CheckOpen(unit, "id", errors);
        if (effective is not { } date)
        {
            errors.Add(new("effective_date", "is required (YYYY-MM-DD)."));
        }
        else
        {
            CheckAfterStart(unit, date, "effective_date", errors);
            if (lastRename is { } last && date <= last)
            {
                errors.Add(new("effective_date", $"must be after the unit's last rename, effective {last:yyyy-MM-dd}."));
            }
        }

        return errors;
    }

    /// <param name="merged">The units named in merged_unit_ids, in order; null where the id is unknown.</param>
    /// <param name="successor">The designated existing successor, or null when a new one is created.</param>
    /// <param name="newSuccessorParent">For a new successor: its parent as stored (null when unknown or not named).</param>
    public static IReadOnlyList<FieldViolation> CheckMerge(
        IReadOnlyList<string> mergedIds,
        IReadOnlyList<ExistingUnit?> merged,
        ExistingUnit? successor,
        ExistingUnit? newSuccessorParent,
        DateOnly? effective)
    {
        var errors = new List<FieldViolation>();
        var minimum = successor is null ? 2 : 1;
        if (mergedIds.Count < minimum)
        {
            errors.Add(new("merged_unit_ids", successor is null
                ? "name at least two units to merge into a new successor."
                : "name at least one unit to merge into the successor."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var level = merged.FirstOrDefault(u => u is not null)?.Level;
        for (var i = 0; i < mergedIds.Count; i++)
        {
            var field = $"merged_unit_ids[{i}]";
            if (!seen.Add(mergedIds[i]))
            {
                errors.Add(new(field, $"'{mergedIds[i]}' is named twice."));
                continue;
            }

            if (merged[i] is not { } unit)
            {
                errors.Add(new(field, $"unknown unit '{mergedIds[i]}'."));
                continue;
            }

            CheckOpen(unit, field, errors);
            if (effective is { } date)
            {
                CheckAfterStart(unit, date, field, errors);
            }

            if (unit.Level != level)
            {
                errors.Add(new(field, $"'{unit.Id}' is a {unit.Level} unit; only units of one level ({level}) merge."));
            }

            if (successor is not null)
            {
                if (successor.Id == unit.Id)
                {
                    errors.Add(new(field, $"'{unit.Id}' is the successor itself."));
                }
                else if (successor.IsWithin(unit.Path))
                {
                    errors.Add(new("successor_id", $"'{successor.Id}' lies under '{unit.Id}': a unit cannot be merged into its own descendant."));
                }
            }
            else if (newSuccessorParent is not null && newSuccessorParent.IsWithin(unit.Path))
            {
                errors.Add(new("successor.org_unit.parent_id", $"'{newSuccessorParent.Id}' lies under '{unit.Id}', which the merge closes."));
            }
        }

        if (effective is null)
        {
            errors.Add(new("effective_date", "is required (YYYY-MM-DD)."));
        }

        if (successor is not null)
        {
            CheckOpen(successor, "successor_id", errors);
            if (level is not null && successor.Level != level)
            {
                errors.Add(new("successor_id", $"'{successor.Id}' is a {successor.Level} unit; the merged units are {level}."));
            }

            if (effective is { } date && successor.ValidFrom > date)
            {
                errors.Add(new("successor_id", $"'{successor.Id}' does not exist yet on {date:yyyy-MM-dd}."));
            }
        }

        return errors;
    }

    /// <param name="successorIds">The ids of the new successors, in order.</param>
    /// <param name="successorParents">Each successor's parent as stored (null when unknown).</param>
    public static IReadOnlyList<FieldViolation> CheckSplit(
        ExistingUnit unit,
        IReadOnlyList<string> successorIds,
        IReadOnlyList<ExistingUnit?> successorParents,
        string? defaultSuccessorId,
        IReadOnlyList<(string PersonId, string SuccessorId)> assignments,
        DateOnly? effective)
    {
        var errors = new List<FieldViolation>();
        CheckOpen(unit, "id", errors);
        if (effective is not { } date)
        {
            errors.Add(new("effective_date", "is required (YYYY-MM-DD)."));
        }
        else
        {
            CheckAfterStart(unit, date, "effective_date", errors);
        }

        if (successorIds.Count < 2)
        {
            errors.Add(new("successors", "a split creates at least two successors (a single one is a rename)."));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < successorIds.Count; i++)
        {
            if (!ids.Add(successorIds[i]))
            {
                errors.Add(new($"successors[{i}].org_unit_id", $"'{successorIds[i]}' is named twice."));
            }

            if (successorParents[i] is { } parent && parent.IsWithin(unit.Path))
            {
                errors.Add(new($"successors[{i}].org_unit.parent_id", $"'{parent.Id}' lies under '{unit.Id}', which the split closes."));
            }
        }

        if (defaultSuccessorId is { Length: > 0 } fallback && !ids.Contains(fallback))
        {
            errors.Add(new("default_successor_id", $"'{fallback}' is not one of the successors."));
        }

        var people = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < assignments.Count; i++)
        {
            if (!ids.Contains(assignments[i].SuccessorId))
            {
                errors.Add(new($"assignments[{i}].successor_id", $"'{assignments[i].SuccessorId}' is not one of the successors."));
            }

            if (!people.Add(assignments[i].PersonId))
            {
                errors.Add(new($"assignments[{i}].person_id", $"'{assignments[i].PersonId}' is assigned twice."));
            }
        }

        return errors;
    }

    /// <summary>Where a split sends a person: the assigned successor, else the default, else the first successor.</summary>
    public static string SuccessorFor(
        string personId,
        IReadOnlyDictionary<string, string> assignments,
        string? defaultSuccessorId,
        IReadOnlyList<string> successorIds) =>
        assignments.TryGetValue(personId, out var assigned) ? assigned
        : defaultSuccessorId is { Length: > 0 } fallback ? fallback
        : successorIds[0];

    /// <summary>
    /// A commitment follows its person to the successor while it awaits review (the successor's
    /// cell reviews it); a reviewed one is history of the old unit and stays.
    /// </summary>
    public static bool CommitmentMoves(string? result) => result is null;

    /// <summary>A unit's materialised path once it hangs under a new parent.</summary>
    public static string Repath(string path, string oldPrefix, string newPrefix) =>
        path == oldPrefix ? newPrefix
        : path.StartsWith(oldPrefix + "/", StringComparison.Ordinal) ? newPrefix + path[oldPrefix.Length..]
        : path;

    private static void CheckOpen(ExistingUnit unit, string field, List<FieldViolation> errors)
    {
        if (unit.ValidTo is { } end)
        {
            errors.Add(new(field, $"'{unit.Id}' was closed on {end:yyyy-MM-dd}; a closed unit cannot be reorganised."));
        }
    }

    private static void CheckAfterStart(ExistingUnit unit, DateOnly effective, string field, List<FieldViolation> errors)
    {
        // The old unit (or old name) must have lived at least one day: closing it on the day
        // before its start would give it an empty validity period.
        if (effective <= unit.ValidFrom)
        {
            errors.Add(new(field == "id" ? "effective_date" : field,
                $"the effective date {effective:yyyy-MM-dd} must be after '{unit.Id}' began ({unit.ValidFrom:yyyy-MM-dd})."));
        }
    }
}
