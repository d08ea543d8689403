using System.Text.RegularExpressions;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.Domain;

/// <summary>What a parent looks like to the rules: enough to check a new child against it.</summary>
public sealed record ParentUnit(string Id, string Level, DateOnly ValidFrom, DateOnly? ValidTo, string Path);

/// <summary>A new unit as proposed, before it is checked.</summary>
public sealed record ProposedUnit(
    string Id,
    string Name,
    string Level,
    string? ParentId,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    IReadOnlyList<string> PredecessorIds);

/// <summary>The checks a new organisation unit must pass; every problem is reported, each naming its field.</summary>
public static partial class OrgUnitRules
{
    public const int MaxNameLength = 300;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <param name="parent">The parent as stored, or null when none was named or it does not exist.</param>
    /// <param name="existingPredecessors">Those of the named predecessors that exist.</param>
    public static IReadOnlyList<FieldViolation> Check(
        ProposedUnit unit,
        ParentUnit? parent,
        IReadOnlySet<string> existingPredecessors,
        string fieldPrefix = "org_unit.")
    {
        var errors = new List<FieldViolation>();
        if (!IdPattern().IsMatch(unit.Id) || unit.Id.Length > 100)
        {
            errors.Add(new("org_unit_id", "must be 1-100 lower-case letters, digits and single hyphens, e.g. 'phuong-truong-vinh'."));
        }

        if (string.IsNullOrWhiteSpace(unit.Name))
        {
            errors.Add(new(fieldPrefix + "name", "is required."));
        }
        else if (unit.Name.Length > MaxNameLength)
        {
            errors.Add(new(fieldPrefix + "name", $"must be at most {MaxNameLength} characters."));
        }

        if (!OrgUnitLevels.IsKnown(unit.Level))
        {
            errors.Add(new(fieldPrefix + "level", "is required."));
        }

        if (unit.ValidFrom is not { } from)
        {
            errors.Add(new(fieldPrefix + "valid_from", "is required (YYYY-MM-DD)."));
        }
        else
        {
            if (unit.ValidTo is { } to && to < from)
            {
                errors.Add(new(fieldPrefix + "valid_to", "must not be before valid_from."));
            }

            if (unit.Level == OrgUnitLevels.District && (unit.ValidTo ?? DateOnly.MaxValue) >= OrgUnitLevels.DistrictsAbolished)
            {
                errors.Add(new(fieldPrefix + "level", "district-level units ended on 30 June 2025; give a valid_to before 2025-07-01."));
            }
        }

        if (unit.ParentId is null)
        {
            if (unit.Level != OrgUnitLevels.Central)
            {
                errors.Add(new(fieldPrefix + "parent_id", "is required for every unit below the central level."));
            }
        }
        else if (parent is null)
        {
            errors.Add(new(fieldPrefix + "parent_id", $"unknown unit '{unit.ParentId}'."));
        }
        else
        {
            if (OrgUnitLevels.IsKnown(unit.Level) && !OrgUnitLevels.CanBeUnder(unit.Level, parent.Level))
            {
                errors.Add(new(fieldPrefix + "level", $"a {unit.Level} unit cannot be under a {parent.Level} unit."));
            }

            if (unit.ValidFrom is { } start && (start < parent.ValidFrom || (parent.ValidTo is { } end && start > end)))
            {
                errors.Add(new(fieldPrefix + "valid_from", $"parent '{parent.Id}' does not exist on {start:yyyy-MM-dd}."));
            }
        }

        for (var i = 0; i < unit.PredecessorIds.Count; i++)
        {
            if (!existingPredecessors.Contains(unit.PredecessorIds[i]))
            {
                errors.Add(new($"{fieldPrefix}predecessor_ids[{i}]", $"unknown unit '{unit.PredecessorIds[i]}'."));
            }
        }

        return errors;
    }

    /// <summary>The materialised path of a unit: its parent's path and its own id.</summary>
    public static string PathOf(string id, ParentUnit? parent) => parent is null ? id : $"{parent.Path}/{id}";
}
