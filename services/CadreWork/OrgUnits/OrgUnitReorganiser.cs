using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.OrgUnits;

/// <summary>A unit a merge or split creates, as the request gives it (level and parent may be left to defaults).</summary>
public sealed record NewUnitInput(string Id, string? Name, string? Level, string? ParentId);

public sealed record MergeResult(OrgUnit Successor, IReadOnlyList<OrgUnit> Merged, int PeopleMoved);

public sealed record SplitResult(OrgUnit Unit, IReadOnlyList<OrgUnit> Successors, int PeopleMoved);

/// <summary>
/// Renames, merges and splits units (rules in <see cref="OrgUnitReorganisation"/>). What follows a
/// closed unit to its successor: its people (a Reorganisation transfer and PersonMoved each), their
/// commitments still awaiting review, its positions (with their appointments and planning entries)
/// unless the successor already has a position of that name, and its open sub-units. Ratings and
/// reviewed commitments stay with the old unit: they were decided there (the HTXSNV quota was
/// counted in it). Each operation is one SaveChanges: all of it or nothing.
/// </summary>
public sealed class OrgUnitReorganiser(CadreWorkDbContext db, OrgUnitRegistry registry)
{
    public const string ReorganisationKind = "Reorganisation";

    public async Task<OrgUnit> RenameAsync(string id, string? name, DateOnly? effective, CancellationToken cancellationToken)
    {
        var unit = await FindAsync(id, cancellationToken);
        var lastRename = await db.OrgUnitNames.Where(n => n.UnitId == id)
            .MaxAsync(n => (DateOnly?)n.ValidTo, cancellationToken) is { } lastEnd ? lastEnd.AddDays(1) : (DateOnly?)null;
        var errors = OrgUnitReorganisation.CheckRename(Existing(unit), name, effective, lastRename);
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        var former = OrgUnitReorganisation.FormerNameOf(Existing(unit), lastRename, effective!.Value);
        db.OrgUnitNames.Add(new OrgUnitName
        {
            Id = Guid.CreateVersion7(), UnitId = unit.Id, Name = former.Name, ValidFrom = former.ValidFrom, ValidTo = former.ValidTo,
        });
        var previous = unit.Name;
        unit.Name = name!.Trim();
        db.AddIntegrationEvent(new OrgUnitRenamed
        {
            OrgUnitId = unit.Id, UnitId = unit.Id, Name = unit.Name, PreviousName = previous, EffectiveDate = effective.Value,
        });
        await db.SaveChangesAsync(cancellationToken);
        return unit;
    }

    public async Task<MergeResult> MergeAsync(
        IReadOnlyList<string> mergedIds, DateOnly? effective, string? successorId, NewUnitInput? newSuccessor, CancellationToken cancellationToken)
    {
        if ((successorId is null) == (newSuccessor is null))
        {
            throw ApiErrors.InvalidArgument("successor_id", "give either successor_id (an existing unit) or successor (a new one).");
        }

        var found = await db.OrgUnits.Where(u => mergedIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var merged = mergedIds.Select(i => found.GetValueOrDefault(i)).ToList();
        var level = merged.FirstOrDefault(u => u is not null)?.Level;
        OrgUnit? successor = null;
        if (successorId is not null)
        {
            successor = await db.OrgUnits.FirstOrDefaultAsync(u => u.Id == successorId, cancellationToken)
                ?? throw ApiErrors.InvalidArgument("successor_id", $"unknown unit '{successorId}'.");
        }

        var errors = new List<FieldViolation>();
        ProposedUnit? proposed = null;
        ParentUnit? parent = null;
        if (newSuccessor is not null)
        {
            var parentId = newSuccessor.ParentId ?? merged.FirstOrDefault(u => u is not null)?.ParentId;
            parent = await ParentAsync(parentId, cancellationToken);
            proposed = new ProposedUnit(newSuccessor.Id, newSuccessor.Name ?? "", newSuccessor.Level ?? level ?? "", parentId, effective, null, mergedIds);
            errors.AddRange(CheckNew(proposed, parent, [.. found.Keys], "successor."));
            if (newSuccessor.Level is { } given && level is not null && given != level)
            {
                errors.Add(new("successor.org_unit.level", $"the merged units are {level}; the successor is of the same level."));
            }
        }

        errors.InsertRange(0, OrgUnitReorganisation.CheckMerge(
            mergedIds,
            [.. merged.Select(u => u is null ? null : Existing(u))],
            successor is null ? null : Existing(successor),
            parent is null ? null : await ExistingAsync(parent.Id, cancellationToken),
            effective));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        if (proposed is not null && await db.OrgUnits.AnyAsync(u => u.Id == proposed.Id, cancellationToken))
        {
            throw OrgUnitRegistry.Duplicate(proposed.Id);
        }

        var date = effective!.Value;
        var closedOn = OrgUnitReorganisation.ClosingDate(date);
        var created = successor is null;
        successor ??= registry.Add(proposed!, parent);
        var closed = merged.Select(u => u!).ToList();
        foreach (var unit in closed)
        {
            unit.ValidTo = closedOn;
        }

        if (!created)
        {
            successor.PredecessorIds = [.. successor.PredecessorIds.Union(mergedIds)];
        }

        var moved = await MoveSubUnitsAsync(closed, successor, date, cancellationToken);
        var people = await MovePeopleAsync(mergedIds, _ => successor.Id, date, cancellationToken);
        await MovePositionsAsync(mergedIds, successor.Id, cancellationToken);
        db.AddIntegrationEvent(new OrgUnitsMerged
        {
            SuccessorId = successor.Id, UnitId = successor.Id, MergedUnitIds = [.. mergedIds], SuccessorCreated = created,
            SuccessorPredecessorIds = successor.PredecessorIds, EffectiveDate = date, ClosedOn = closedOn, MovedUnits = moved,
            PeopleMoved = people,
        });
        await db.SaveChangesOrAsync(() => OrgUnitRegistry.Duplicate(successor.Id), cancellationToken);
        return new MergeResult(successor, closed, people);
    }

    public async Task<SplitResult> SplitAsync(
        string id,
        DateOnly? effective,
        IReadOnlyList<NewUnitInput> successors,
        string? defaultSuccessorId,
        IReadOnlyList<(string PersonId, string SuccessorId)> assignments,
        CancellationToken cancellationToken)
    {
        var unit = await FindAsync(id, cancellationToken);
        var errors = new List<FieldViolation>();
        var proposals = new List<(ProposedUnit Unit, ParentUnit? Parent)>();
        var parents = new List<ExistingUnit?>();
        for (var i = 0; i < successors.Count; i++)
        {
            var input = successors[i];
            var parentId = input.ParentId ?? unit.ParentId;
            var parent = await ParentAsync(parentId, cancellationToken);
            var proposed = new ProposedUnit(input.Id, input.Name ?? "", input.Level ?? unit.Level, parentId, effective, null, [unit.Id]);
            errors.AddRange(CheckNew(proposed, parent, [unit.Id], $"successors[{i}]."));
            proposals.Add((proposed, parent));
            parents.Add(parent is null ? null : await ExistingAsync(parent.Id, cancellationToken));
        }

        var successorIds = successors.Select(s => s.Id).ToList();
        errors.InsertRange(0, OrgUnitReorganisation.CheckSplit(Existing(unit), successorIds, parents, defaultSuccessorId, assignments, effective));

        // Assigned people must be people of the split unit.
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = await db.People.Where(p => p.UnitId == unit.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < assignments.Count; i++)
        {
            if (!Guid.TryParse(assignments[i].PersonId, out var personId) || !members.Contains(personId))
            {
                errors.Add(new($"assignments[{i}].person_id", $"'{assignments[i].PersonId}' is not a person of unit '{unit.Id}'."));
            }
            else
            {
                assigned[personId.ToString()] = assignments[i].SuccessorId;
            }
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        if (await db.OrgUnits.Where(u => successorIds.Contains(u.Id)).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken) is { } taken)
        {
            throw OrgUnitRegistry.Duplicate(taken);
        }

        var date = effective!.Value;
        var closedOn = OrgUnitReorganisation.ClosingDate(date);
        var created = proposals.Select(p => registry.Add(p.Unit, p.Parent)).ToList();
        var fallback = defaultSuccessorId is { Length: > 0 } d ? d : successorIds[0];
        var fallbackUnit = created.Single(u => u.Id == fallback);
        unit.ValidTo = closedOn;
        var moved = await MoveSubUnitsAsync([unit], fallbackUnit, date, cancellationToken);
        var people = await MovePeopleAsync(
            [unit.Id], person => OrgUnitReorganisation.SuccessorFor(person.ToString(), assigned, fallback, successorIds), date, cancellationToken);
        await MovePositionsAsync([unit.Id], fallback, cancellationToken);
        db.AddIntegrationEvent(new OrgUnitSplit
        {
            OrgUnitId = unit.Id, UnitId = unit.Id, SuccessorIds = successorIds, DefaultSuccessorId = fallback, EffectiveDate = date,
            ClosedOn = closedOn, MovedUnits = moved, PeopleMoved = people,
        });
        await db.SaveChangesOrAsync(() => OrgUnitRegistry.Duplicate(string.Join(", ", successorIds)), cancellationToken);
        return new SplitResult(unit, created, people);
    }

    /// <summary>Hangs the closed units' open children under the successor and rewrites the paths below them.</summary>
    private async Task<IReadOnlyList<MovedOrgUnit>> MoveSubUnitsAsync(
        IReadOnlyList<OrgUnit> closed, OrgUnit successor, DateOnly effective, CancellationToken cancellationToken)
    {
        var prefixes = closed.Select(u => u.Path + "/%").ToArray();
        var below = await db.OrgUnits.Where(u => prefixes.Any(prefix => EF.Functions.Like(u.Path, prefix)))
            .ToListAsync(cancellationToken);
        var moved = new List<MovedOrgUnit>();
        var closedIds = closed.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var child in below.Where(u => u.ParentId is { } p && closedIds.Contains(p) && (u.ValidTo is null || u.ValidTo >= effective)).ToList())
        {
            var oldPrefix = child.Path;
            var newPrefix = $"{successor.Path}/{child.Id}";
            child.ParentId = successor.Id;
            foreach (var unit in below.Where(u => UnitScope<CadreWorkDbContext>.IsWithin(u.Path, oldPrefix)))
            {
                unit.Path = OrgUnitReorganisation.Repath(unit.Path, oldPrefix, newPrefix);
                moved.Add(new MovedOrgUnit { OrgUnitId = unit.Id, ParentId = unit.ParentId!, Path = unit.Path });
            }
        }

        return moved;
    }

    /// <summary>Moves the units' people (and their commitments awaiting review) to their successors.</summary>
    private async Task<int> MovePeopleAsync(IReadOnlyList<string> unitIds, Func<Guid, string> successorOf, DateOnly effective, CancellationToken cancellationToken)
    {
        var people = await db.People.Where(p => unitIds.Contains(p.UnitId)).ToListAsync(cancellationToken);
        var destination = people.ToDictionary(p => p.Id, p => successorOf(p.Id));
        foreach (var person in people)
        {
            var to = destination[person.Id];
            db.Transfers.Add(new Transfer
            {
                Id = Guid.CreateVersion7(), PersonId = person.Id, Kind = ReorganisationKind, FromUnitId = person.UnitId, ToUnitId = to,
                EffectiveDate = effective,
            });
            db.AddIntegrationEvent(new PersonMoved
            {
                PersonId = person.Id, UnitId = to, FromUnitId = person.UnitId, ToUnitId = to, Kind = ReorganisationKind, EffectiveDate = effective,
            });
            person.UnitId = to;
        }

        var commitments = await db.Commitments.Where(c => unitIds.Contains(c.UnitId) && c.Result == null).ToListAsync(cancellationToken);
        foreach (var commitment in commitments.Where(c => OrgUnitReorganisation.CommitmentMoves(c.Result) && destination.ContainsKey(c.PersonId)))
        {
            commitment.UnitId = destination[commitment.PersonId];
        }

        return people.Count;
    }

    /// <summary>Positions follow unless the successor has one of the same name (then the old one stays as history).</summary>
    private async Task MovePositionsAsync(IReadOnlyList<string> unitIds, string successorId, CancellationToken cancellationToken)
    {
        var taken = (await db.Positions.Where(p => p.UnitId == successorId).Select(p => p.Name).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var positions = await db.Positions.Where(p => unitIds.Contains(p.UnitId)).OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        foreach (var position in positions.Where(p => taken.Add(p.Name)))
        {
            position.UnitId = successorId;
        }
    }

    private static IEnumerable<FieldViolation> CheckNew(ProposedUnit proposed, ParentUnit? parent, IReadOnlyCollection<string> predecessors, string prefix) =>
        OrgUnitRules.Check(proposed, parent, predecessors.ToHashSet(StringComparer.Ordinal), prefix + "org_unit.")
            .Where(e => !e.Field.StartsWith(prefix + "org_unit.predecessor_ids", StringComparison.Ordinal))
            .Select(e => e.Field == "org_unit_id" ? e with { Field = prefix + "org_unit_id" } : e);

    private async Task<OrgUnit> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw ApiErrors.InvalidArgument("id", "is required.");
        }

        return await db.OrgUnits.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw ApiErrors.NotFound("org-unit", id);
    }

    private async Task<ParentUnit?> ParentAsync(string? id, CancellationToken cancellationToken) =>
        id is null
            ? null
            : await db.OrgUnits.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new ParentUnit(u.Id, u.Level, u.ValidFrom, u.ValidTo, u.Path)).FirstOrDefaultAsync(cancellationToken);

    private async Task<ExistingUnit?> ExistingAsync(string id, CancellationToken cancellationToken) =>
        await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is { } unit ? Existing(unit) : null;

    private static ExistingUnit Existing(OrgUnit u) => new(u.Id, u.Name, u.Level, u.ParentId, u.Path, u.ValidFrom, u.ValidTo);
}
