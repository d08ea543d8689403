using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.CadreWork.People;

/// <summary>
/// Who reaches a person's record. Personal records are narrower than documents: a unit-scoped
/// caller sees and changes only people of their own unit's subtree, not of the units above. A
/// person the caller may not reach answers exactly like one that does not exist.
/// </summary>
public sealed class PersonAccess(CadreWorkDbContext db, UnitScope<CadreWorkDbContext> scope)
{
    public async Task<Person> PersonAsync(Caller caller, string? id, string field, CancellationToken cancellationToken, bool track = false)
    {
        var personId = RequestIds.Parse(id, field);
        var query = track ? db.People : db.People.AsNoTracking();
        var person = await query.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
        {
            throw caller.IsProvinceWide ? ApiErrors.NotFound("person", personId.ToString()) : NotVisible("person", personId.ToString());
        }

        if (!await scope.CanChangeAsync(caller, person.UnitId, cancellationToken))
        {
            throw NotVisible("person", personId.ToString());
        }

        return person;
    }

    public async Task<Position> PositionAsync(Caller caller, string? id, string field, CancellationToken cancellationToken)
    {
        var positionId = RequestIds.Parse(id, field);
        var position = await db.Positions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        if (position is null)
        {
            throw caller.IsProvinceWide ? ApiErrors.NotFound("position", positionId.ToString()) : NotVisible("position", positionId.ToString());
        }

        if (!await scope.CanChangeAsync(caller, position.UnitId, cancellationToken))
        {
            throw NotVisible("position", positionId.ToString());
        }

        return position;
    }

    /// <summary>A unit the caller may keep records in; unknown units are an input error naming the field.</summary>
    public async Task DemandUnitAsync(Caller caller, string unitId, string field, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(unitId))
        {
            throw ApiErrors.InvalidArgument(field, "is required.");
        }

        if (!await db.OrgUnits.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            throw caller.IsProvinceWide
                ? ApiErrors.InvalidArgument(field, $"unknown organisation unit '{unitId}'.")
                : ApiErrors.PermissionDenied($"Your role and unit do not allow changes in unit '{unitId}'.");
        }

        await scope.DemandChangeAsync(caller, unitId, cancellationToken);
    }

    /// <summary>The ids of the units whose people the caller reaches (their subtree), or null for all.</summary>
    public async Task<IQueryable<string>?> ReachableUnitIdsAsync(Caller caller, string? rootId, CancellationToken cancellationToken)
    {
        string? root = rootId is { Length: > 0 } ? rootId : caller.IsProvinceWide ? null : caller.UnitId;
        if (root is null)
        {
            return caller.IsProvinceWide ? null : db.OrgUnits.Where(_ => false).Select(u => u.Id);
        }

        if (!await scope.CanChangeAsync(caller, root, cancellationToken))
        {
            throw ApiErrors.PermissionDenied($"Your role and unit do not allow access to organisation unit '{root}'.");
        }

        var path = await db.OrgUnits.Where(u => u.Id == root).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiErrors.NotFound("org-unit", root);
        var below = path + "/";
        return db.OrgUnits.Where(u => u.Path == path || u.Path.StartsWith(below)).Select(u => u.Id);
    }

    public static RpcException NotVisible(string type, string id) =>
        ApiErrors.PermissionDenied($"Your role and unit do not allow access to {type} '{id}'.");
}
