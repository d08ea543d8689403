using Microsoft.EntityFrameworkCore;
using NgheAn.Access;
using NgheAn.Access.Units;
using NgheAn.CadreWork.Data;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.People;

/// <summary>
/// Loads the people and posts a call names, each checked by the access model (<see cref="CallAccess"/>)
/// against the unit it belongs to: a person or post the caller may not reach answers exactly like
/// one that does not exist. CadresService is subtree_only in the contract: unit-scoped callers
/// read and change people of their own unit's subtree, not of the units above.
/// </summary>
public sealed class PersonRecords(CadreWorkDbContext db, CallAccess access)
{
    public async Task<Person> PersonAsync(string? id, string field, CancellationToken cancellationToken, bool track = false)
    {
        var personId = RequestIds.Parse(id, field);
        var query = track ? db.People : db.People.AsNoTracking();
        var person = await query.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        await access.DemandRecordAsync(person?.UnitId, null, "person", personId.ToString(), cancellationToken);
        return person!;
    }

    public async Task<Position> PositionAsync(string? id, string field, CancellationToken cancellationToken)
    {
        var positionId = RequestIds.Parse(id, field);
        var position = await db.Positions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        await access.DemandRecordAsync(position?.UnitId, null, "position", positionId.ToString(), cancellationToken);
        return position!;
    }

    /// <summary>A unit named by a request (its reach was checked by the access model): unknown units are an input error naming the field.</summary>
    public async Task DemandUnitAsync(string unitId, string field, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(unitId))
        {
            throw ApiErrors.InvalidArgument(field, "is required.");
        }

        // Only a caller who reaches every unit gets here with an unknown one: the access model refused it to the others.
        if (!await db.OrgUnits.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            throw ApiErrors.InvalidArgument(field, $"unknown organisation unit '{unitId}'.");
        }
    }

    /// <summary>The ids of the units under a root (its subtree), or of every unit the caller reaches when no root is given (null: all).</summary>
    public async Task<IQueryable<string>?> UnitsBelowAsync(string? rootId, CancellationToken cancellationToken)
    {
        if (rootId is not { Length: > 0 })
        {
            return access.UnitIds(access.Kind);
        }

        var path = await db.OrgUnits.Where(u => u.Id == rootId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken)
            ?? throw access.Missing("org-unit", rootId);
        var below = path + "/";
        return db.OrgUnits.Where(u => u.Path == path || u.Path.StartsWith(below)).Select(u => u.Id);
    }
}

/// <summary>CadreWork's own people, for the access model: a record about a person is reached through the person's unit.</summary>
public sealed class CadreWorkPeopleUnits(CadreWorkDbContext db) : IPersonUnits
{
    public IQueryable<PersonUnit> People => db.People.AsNoTracking().Select(p => new PersonUnit { PersonId = p.Id, UnitId = p.UnitId });
}
