using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;

namespace NgheAn.CadreWork.OrgUnits;

/// <summary>A unit a merge or split creates, as the request gives it (level and parent may be left to defaults).</summary>
public sealed record NewUnitInput(string Id, string? Name, string? Level, string? ParentId);

public sealed record MergeResult(OrgUnit Successor, IReadOnlyList<OrgUnit> Merged, int PeopleMoved, bool Scheduled);

public sealed record SplitResult(OrgUnit Unit, IReadOnlyList<OrgUnit> Successors, int PeopleMoved, bool Scheduled);

/// <summary>
/// Renames, merges and splits units (rules in <see cref="OrgUnitReorganisation"/>). What follows a
/// closed unit to its successor: its people (a Reorganisation transfer and PersonMoved each), their
/// commitments still awaiting review, its positions (with their appointments and planning entries)
/// unless the successor already has a position of that name, and its open sub-units. Ratings and
/// reviewed commitments stay with the old unit: they were decided there (the HTXSNV quota was
/// counted in it). Each operation is one SaveChanges: all of it or nothing. A merge or split
/// effective after today is recorded and its units' end dates set at once, but the moves and
/// their events (OrgUnitsMerged/OrgUnitSplit, PersonMoved) wait for the effective date
/// (<see cref="ReorganisationScanner"/>): until then people stay in the old units. New successors
/// exist at once, valid from the effective date, so the tree as of that date shows them.
/// </summary>
public sealed class OrgUnitReorganiser(CadreWorkDbContext db, OrgUnitRegistry registry, TimeProvider clock)
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

        // The name history answers "as of a date" at once; the other services' copies learn the
        // new name on the effective date, from OrgUnitRenamed.
        var rename = new Reorganisation
        {
            Id = Guid.CreateVersion7(), Kind = Reorganisation.RenameKind, EffectiveDate = effective.Value, DefaultSuccessorId = unit.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Reorganisations.Add(rename);
        if (OrgUnitReorganisation.TakesEffectNow(rename.EffectiveDate, clock.Today()))
        {
            PublishRename(rename, unit.Id, unit.Name, previous);
        }

        await db.SaveChangesAsync(cancellationToken);
        return unit;
    }

    /// <summary>A scheduled rename whose date has come: the names on either side of the date come from the name history.</summary>
    private async Task PublishScheduledRenameAsync(Reorganisation rename, CancellationToken cancellationToken)
    {
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == rename.DefaultSuccessorId, cancellationToken);
        var formerNames = await db.OrgUnitNames.AsNoTracking().Where(n => n.UnitId == unit.Id)
            .Select(n => new FormerName(n.Name, n.ValidFrom, n.ValidTo)).ToListAsync(cancellationToken);
        PublishRename(rename, unit.Id,
            OrgUnitReorganisation.NameOn(unit.Name, formerNames, rename.EffectiveDate),
            OrgUnitReorganisation.NameOn(unit.Name, formerNames, rename.EffectiveDate.AddDays(-1)));
    }

    private void PublishRename(Reorganisation rename, string unitId, string name, string previousName)
    {
        db.AddIntegrationEvent(new OrgUnitRenamed
        {
            OrgUnitId = unitId, UnitId = unitId, Name = name, PreviousName = previousName, EffectiveDate = rename.EffectiveDate,
        });
        rename.AppliedAt = clock.GetUtcNow();
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
        var takeOvers = await ScheduledTakeOversAsync(cancellationToken);
        errors.AddRange(mergedIds.Select((id, i) =>
            OrgUnitReorganisation.CheckScheduledTakeOver(id, $"merged_unit_ids[{i}]", effective, takeOvers.GetValueOrDefault(id))).OfType<FieldViolation>());
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

        var reorganisation = Record(Reorganisation.MergeKind, date, mergedIds, [successor.Id], successor.Id, []);
        reorganisation.SuccessorCreated = created;
        var people = await ApplyIfDueAsync(reorganisation, closed, [successor], cancellationToken);
        await db.SaveChangesOrAsync(() => OrgUnitRegistry.Duplicate(successor.Id), cancellationToken);
        return new MergeResult(successor, closed, people ?? 0, Scheduled: people is null);
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
        if (OrgUnitReorganisation.CheckScheduledTakeOver(
            unit.Id, "effective_date", effective, (await ScheduledTakeOversAsync(cancellationToken)).GetValueOrDefault(unit.Id)) is { } takeOver)
        {
            errors.Add(takeOver);
        }

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
        var created = proposals.Select(p => registry.Add(p.Unit, p.Parent)).ToList();
        var fallback = defaultSuccessorId is { Length: > 0 } d ? d : successorIds[0];
        unit.ValidTo = OrgUnitReorganisation.ClosingDate(date);
        var reorganisation = Record(Reorganisation.SplitKind, date, [unit.Id], successorIds, fallback, [.. assigned]);
        var people = await ApplyIfDueAsync(reorganisation, [unit], created, cancellationToken);
        await db.SaveChangesOrAsync(() => OrgUnitRegistry.Duplicate(string.Join(", ", successorIds)), cancellationToken);
        return new SplitResult(unit, created, people ?? 0, Scheduled: people is null);
    }

    /// <summary>
    /// Applies a scheduled merge or split whose effective date has come; false when another
    /// replica applied it first. Its own transaction: the moves and their events, or nothing.
    /// </summary>
    public async Task<bool> ApplyScheduledAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockUntilCommitAsync($"reorganisation|{id}", cancellationToken);
        var reorganisation = await db.Reorganisations.FirstAsync(r => r.Id == id, cancellationToken);
        if (reorganisation.AppliedAt is not null)
        {
            return false;
        }

        if (reorganisation.Kind == Reorganisation.RenameKind)
        {
            await PublishScheduledRenameAsync(reorganisation, cancellationToken);
        }
        else
        {
            var ids = reorganisation.ClosedUnitIds.Concat(reorganisation.SuccessorIds).ToList();
            var units = await db.OrgUnits.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
            await ApplyAsync(
                reorganisation,
                [.. reorganisation.ClosedUnitIds.Select(i => units[i])],
                [.. reorganisation.SuccessorIds.Select(i => units[i])],
                cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>For each successor of a scheduled (not yet applied) reorganisation, the latest date it takes over.</summary>
    private async Task<Dictionary<string, DateOnly?>> ScheduledTakeOversAsync(CancellationToken cancellationToken) =>
        (await db.Reorganisations.AsNoTracking().Where(r => r.AppliedAt == null)
            .Select(r => new { r.SuccessorIds, r.EffectiveDate }).ToListAsync(cancellationToken))
        .SelectMany(r => r.SuccessorIds.Select(id => (Id: id, r.EffectiveDate)))
        .GroupBy(r => r.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (DateOnly?)g.Max(r => r.EffectiveDate), StringComparer.Ordinal);

    private Reorganisation Record(
        string kind, DateOnly effective, IReadOnlyList<string> closed, IReadOnlyList<string> successors, string defaultSuccessor,
        IReadOnlyList<KeyValuePair<string, string>> assignments)
    {
        var reorganisation = new Reorganisation
        {
            Id = Guid.CreateVersion7(), Kind = kind, EffectiveDate = effective, ClosedUnitIds = [.. closed], SuccessorIds = [.. successors],
            DefaultSuccessorId = defaultSuccessor, AssignedPersonIds = [.. assignments.Select(a => a.Key)],
            AssignedSuccessorIds = [.. assignments.Select(a => a.Value)], CreatedAt = clock.GetUtcNow(),
        };
        db.Reorganisations.Add(reorganisation);
        return reorganisation;
    }

    /// <summary>Applies the reorganisation now if its date has come (people moved), else leaves it scheduled (null).</summary>
    private async Task<int?> ApplyIfDueAsync(
        Reorganisation reorganisation, IReadOnlyList<OrgUnit> closed, IReadOnlyList<OrgUnit> successors, CancellationToken cancellationToken) =>
        OrgUnitReorganisation.TakesEffectNow(reorganisation.EffectiveDate, clock.Today())
            ? await ApplyAsync(reorganisation, closed, successors, cancellationToken)
            : null;

    /// <summary>
    /// What happens on the effective date: sub-units, people, open commitments and positions move to
    /// the successors, an existing merge successor takes on its predecessors, and the events say so.
    /// </summary>
    private async Task<int> ApplyAsync(
        Reorganisation reorganisation, IReadOnlyList<OrgUnit> closed, IReadOnlyList<OrgUnit> successors, CancellationToken cancellationToken)
    {
        var date = reorganisation.EffectiveDate;
        var closedOn = OrgUnitReorganisation.ClosingDate(date);
        var closedIds = reorganisation.ClosedUnitIds;
        var fallback = successors.Single(u => u.Id == reorganisation.DefaultSuccessorId);
        var moved = await MoveSubUnitsAsync(closed, fallback, date, cancellationToken);
        var assigned = reorganisation.AssignedPersonIds.Zip(reorganisation.AssignedSuccessorIds).ToDictionary(a => a.First, a => a.Second);
        var people = await MovePeopleAsync(
            closedIds,
            person => OrgUnitReorganisation.SuccessorFor(person.ToString(), assigned, fallback.Id, reorganisation.SuccessorIds),
            date,
            cancellationToken);
        await MovePositionsAsync(closedIds, fallback.Id, cancellationToken);
        if (reorganisation.Kind == Reorganisation.MergeKind)
        {
            fallback.PredecessorIds = [.. fallback.PredecessorIds.Union(closedIds)];
            db.AddIntegrationEvent(new OrgUnitsMerged
            {
                SuccessorId = fallback.Id, UnitId = fallback.Id, MergedUnitIds = closedIds, SuccessorCreated = reorganisation.SuccessorCreated,
                SuccessorPredecessorIds = fallback.PredecessorIds, EffectiveDate = date, ClosedOn = closedOn, MovedUnits = moved,
                PeopleMoved = people,
            });
        }
        else
        {
            db.AddIntegrationEvent(new OrgUnitSplit
            {
                OrgUnitId = closedIds[0], UnitId = closedIds[0], SuccessorIds = reorganisation.SuccessorIds, DefaultSuccessorId = fallback.Id,
                EffectiveDate = date, ClosedOn = closedOn, MovedUnits = moved, PeopleMoved = people,
            });
        }

        reorganisation.AppliedAt = clock.GetUtcNow();
        return people;
    }

    /// <summary>
    /// Hangs the closed units' open children under the successor and rewrites the paths below them,
    /// keeping each moved unit's former parent and path for the tree as of an earlier date.
    /// </summary>
    private async Task<IReadOnlyList<MovedOrgUnit>> MoveSubUnitsAsync(
        IReadOnlyList<OrgUnit> closed, OrgUnit successor, DateOnly effective, CancellationToken cancellationToken)
    {
        var prefixes = closed.Select(u => u.Path + "/%").ToArray();
        var below = await db.OrgUnits.Where(u => prefixes.Any(prefix => EF.Functions.Like(u.Path, prefix)))
            .ToListAsync(cancellationToken);
        var belowIds = below.Select(u => u.Id).ToList();
        var lastMoved = await db.OrgUnitPlacements.Where(p => belowIds.Contains(p.UnitId)).GroupBy(p => p.UnitId)
            .Select(g => new { UnitId = g.Key, Until = g.Max(p => p.ValidTo) })
            .ToDictionaryAsync(g => g.UnitId, g => (DateOnly?)g.Until.AddDays(1), cancellationToken);
        var moved = new List<MovedOrgUnit>();
        var closedIds = closed.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var child in below.Where(u => u.ParentId is { } p && closedIds.Contains(p) && (u.ValidTo is null || u.ValidTo >= effective)).ToList())
        {
            var oldPrefix = child.Path;
            var newPrefix = $"{successor.Path}/{child.Id}";
            var oldParent = child.ParentId;
            child.ParentId = successor.Id;
            foreach (var unit in below.Where(u => NgheAn.Access.Rules.Reach.IsWithin(u.Path, oldPrefix)))
            {
                if (OrgUnitReorganisation.FormerPlacementOf(
                    unit == child ? oldParent : unit.ParentId, unit.Path, unit.ValidFrom, lastMoved.GetValueOrDefault(unit.Id), effective) is { } former)
                {
                    db.OrgUnitPlacements.Add(new OrgUnitPlacement
                    {
                        Id = Guid.CreateVersion7(), UnitId = unit.Id, ParentId = former.ParentId, Path = former.Path,
                        ValidFrom = former.ValidFrom, ValidTo = former.ValidTo,
                    });
                }

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
