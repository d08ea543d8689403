using Microsoft.EntityFrameworkCore;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Messaging.OrgUnits;

/// <summary>
/// Which organisation units a caller may see and change. Province-wide roles reach every unit;
/// the others change only their own unit's subtree and see that subtree plus the units above them
/// (directives come down from there). Checked in every service against its copy of the tree.
/// </summary>
public sealed class UnitScope<TContext>(TContext db) where TContext : DbContext
{
    private IQueryable<OrgUnit> Units => db.Set<OrgUnit>().AsNoTracking();

    /// <summary>Throws PERMISSION_DENIED unless the caller may change records of the unit.</summary>
    public async Task DemandChangeAsync(Caller caller, string unitId, CancellationToken cancellationToken)
    {
        if (!await CanChangeAsync(caller, unitId, cancellationToken))
        {
            throw ApiErrors.PermissionDenied($"Your role and unit do not allow changes in unit '{unitId}'.");
        }
    }

    public async Task<bool> CanChangeAsync(Caller caller, string unitId, CancellationToken cancellationToken)
    {
        if (caller.IsProvinceWide)
        {
            return true;
        }

        var (callerPath, targetPath) = await PathsAsync(caller, unitId, cancellationToken);
        return callerPath is not null && targetPath is not null && IsWithin(targetPath, callerPath);
    }

    public async Task<bool> CanSeeAsync(Caller caller, string unitId, CancellationToken cancellationToken)
    {
        if (caller.IsProvinceWide)
        {
            return true;
        }

        var (callerPath, targetPath) = await PathsAsync(caller, unitId, cancellationToken);
        return callerPath is not null && targetPath is not null && (IsWithin(targetPath, callerPath) || IsWithin(callerPath, targetPath));
    }

    /// <summary>
    /// The ids of the units whose records the caller sees, as a query to filter lists with;
    /// null when the caller sees everything.
    /// </summary>
    public async Task<IQueryable<string>?> VisibleUnitIdsAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsProvinceWide)
        {
            return null;
        }

        var callerPath = caller.UnitId is null
            ? null
            : await Units.Where(u => u.Id == caller.UnitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
        if (callerPath is null)
        {
            return Units.Where(_ => false).Select(u => u.Id);
        }

        var ancestors = callerPath.Split('/');
        var below = callerPath + "/";
        return Units.Where(u => ancestors.Contains(u.Id) || u.Path.StartsWith(below)).Select(u => u.Id);
    }

    /// <summary>Whether a path lies in the subtree rooted at another (itself included).</summary>
    public static bool IsWithin(string path, string rootPath) =>
        path == rootPath || path.StartsWith(rootPath + "/", StringComparison.Ordinal);

    private async Task<(string? Caller, string? Target)> PathsAsync(Caller caller, string unitId, CancellationToken cancellationToken)
    {
        if (caller.UnitId is null)
        {
            return (null, null);
        }

        var paths = await Units.Where(u => u.Id == caller.UnitId || u.Id == unitId)
            .ToDictionaryAsync(u => u.Id, u => u.Path, cancellationToken);
        return (paths.GetValueOrDefault(caller.UnitId), paths.GetValueOrDefault(unitId));
    }
}
