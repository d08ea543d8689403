using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using Npgsql;

namespace NgheAn.CadreWork.OrgUnits;

/// <summary>Adds units to the tree: checks them, stores them and tells the other services, in one transaction.</summary>
public sealed class OrgUnitRegistry(CadreWorkDbContext db)
{
    public async Task<OrgUnit> CreateAsync(ProposedUnit proposed, CancellationToken cancellationToken)
    {
        var parent = proposed.ParentId is null
            ? null
            : await db.OrgUnits.AsNoTracking().Where(u => u.Id == proposed.ParentId)
                .Select(u => new ParentUnit(u.Id, u.Level, u.ValidFrom, u.ValidTo, u.Path))
                .FirstOrDefaultAsync(cancellationToken);
        var predecessors = await db.OrgUnits.AsNoTracking().Where(u => proposed.PredecessorIds.Contains(u.Id))
            .Select(u => u.Id).ToListAsync(cancellationToken);

        var errors = OrgUnitRules.Check(proposed, parent, predecessors.ToHashSet(StringComparer.Ordinal));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        if (await db.OrgUnits.AnyAsync(u => u.Id == proposed.Id, cancellationToken))
        {
            throw Duplicate(proposed.Id);
        }

        var unit = Add(proposed, parent);
        await db.SaveChangesOrAsync(() => Duplicate(proposed.Id), cancellationToken);

        return unit;
    }

    /// <summary>Adds a checked unit and its OrgUnitCreated to the context, without saving.</summary>
    public OrgUnit Add(ProposedUnit proposed, ParentUnit? parent)
    {
        var unit = new OrgUnit
        {
            Id = proposed.Id,
            Name = proposed.Name.Trim(),
            Level = proposed.Level,
            ParentId = proposed.ParentId,
            Path = OrgUnitRules.PathOf(proposed.Id, parent),
            ValidFrom = proposed.ValidFrom!.Value,
            ValidTo = proposed.ValidTo,
            PredecessorIds = [.. proposed.PredecessorIds.Distinct()],
        };
        db.OrgUnits.Add(unit);
        db.AddIntegrationEvent(new OrgUnitCreated
        {
            OrgUnitId = unit.Id,
            UnitId = unit.Id,
            Name = unit.Name,
            Level = unit.Level,
            ParentId = unit.ParentId,
            Path = unit.Path,
            ValidFrom = unit.ValidFrom,
            ValidTo = unit.ValidTo,
            PredecessorIds = unit.PredecessorIds,
        });
        return unit;
    }

    public static Grpc.Core.RpcException Duplicate(string id) =>
        ApiErrors.AlreadyExists("org-unit", id, $"Organisation unit '{id}' already exists.");
}
