using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Messaging.OrgUnits;

/// <summary>Keeps a service's copy of the organisation tree, for its access checks.</summary>
public sealed class OrgUnitReplicaConsumer<TContext>(TContext db) : InboxConsumer<OrgUnitCreated, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(OrgUnitCreated message, CancellationToken cancellationToken)
    {
        var unit = await Db.Set<OrgUnit>().FindAsync([message.OrgUnitId], cancellationToken);
        if (unit is null)
        {
            unit = new OrgUnit { Id = message.OrgUnitId, Name = message.Name, Level = message.Level, Path = message.Path };
            Db.Set<OrgUnit>().Add(unit);
        }

        unit.Name = message.Name;
        unit.Level = message.Level;
        unit.ParentId = message.ParentId;
        unit.Path = message.Path;
        unit.ValidFrom = message.ValidFrom;
        unit.ValidTo = message.ValidTo;
        unit.PredecessorIds = [.. message.PredecessorIds];
    }
}

/// <summary>A renamed unit keeps its id and place: the copy takes the new name.</summary>
public sealed class OrgUnitRenamedReplicaConsumer<TContext>(TContext db) : InboxConsumer<OrgUnitRenamed, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(OrgUnitRenamed message, CancellationToken cancellationToken)
    {
        var unit = await Db.Set<OrgUnit>().FindAsync([message.OrgUnitId], cancellationToken)
            ?? throw OrgUnitReplica.Missing(message.OrgUnitId);
        unit.Name = message.Name;
    }
}

/// <summary>Closes the merged units, links the successor to them and re-hangs their open sub-units.</summary>
public sealed class OrgUnitsMergedReplicaConsumer<TContext>(TContext db) : InboxConsumer<OrgUnitsMerged, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(OrgUnitsMerged message, CancellationToken cancellationToken)
    {
        await OrgUnitReplica.CloseAsync(Db, message.MergedUnitIds, message.ClosedOn, cancellationToken);
        // A new successor's OrgUnitCreated carries the same predecessors; if it is still in
        // flight, it will bring them.
        if (await Db.Set<OrgUnit>().FindAsync([message.SuccessorId], cancellationToken) is { } successor)
        {
            successor.PredecessorIds = [.. message.SuccessorPredecessorIds];
        }

        await OrgUnitReplica.MoveAsync(Db, message.MovedUnits, cancellationToken);
    }
}

/// <summary>Closes the split unit and re-hangs its open sub-units; the successors come as OrgUnitCreated.</summary>
public sealed class OrgUnitSplitReplicaConsumer<TContext>(TContext db) : InboxConsumer<OrgUnitSplit, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(OrgUnitSplit message, CancellationToken cancellationToken)
    {
        await OrgUnitReplica.CloseAsync(Db, [message.OrgUnitId], message.ClosedOn, cancellationToken);
        await OrgUnitReplica.MoveAsync(Db, message.MovedUnits, cancellationToken);
    }
}

internal static class OrgUnitReplica
{
    public static async Task CloseAsync(DbContext db, IReadOnlyList<string> ids, DateOnly closedOn, CancellationToken cancellationToken)
    {
        var units = await db.Set<OrgUnit>().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        if (units.Count != ids.Distinct().Count())
        {
            throw Missing(string.Join(", ", ids.Except(units.Select(u => u.Id))));
        }

        foreach (var unit in units)
        {
            unit.ValidTo = closedOn;
        }
    }

    public static async Task MoveAsync(DbContext db, IReadOnlyList<MovedOrgUnit> moved, CancellationToken cancellationToken)
    {
        var ids = moved.Select(m => m.OrgUnitId).ToList();
        var units = await db.Set<OrgUnit>().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        foreach (var move in moved)
        {
            // A unit this copy never saw is created by its own (later) OrgUnitCreated, with its path then.
            if (units.TryGetValue(move.OrgUnitId, out var unit))
            {
                unit.ParentId = move.ParentId;
                unit.Path = move.Path;
            }
        }
    }

    // Thrown so the message is retried: the unit's OrgUnitCreated has not been applied yet.
    public static InvalidOperationException Missing(string ids) =>
        new($"Organisation unit(s) {ids} not in this service's copy of the tree yet.");
}
