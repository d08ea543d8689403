using Microsoft.EntityFrameworkCore;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Messaging.OrgUnits;

/// <summary>
/// Which organisation units a caller may see and change. Province-wide roles reach every unit;
/// the others change only their own unit's subtree and see that subtree plus the units above them
/// (directives come down from there). Checked in every service against its copy of the tree.
/// A unit that continues others (a merge's or split's successor) also reaches its predecessors'
/// subtrees, transitively: records made under the old units stay where they were written, and
/// the successor's staff keep reaching them.
/// </summary>
public sealed class UnitScope<TContext>(TContext db) where TContext : DbContext
{
    // Far deeper than any chain of reorganisations; stops a cycle in bad data.
    private const int MaxPredecessorDepth = 16;

    private IQueryable<OrgUnit> Units => db.Set<OrgUnit>().AsNoTracking();

    private (string UnitId, IReadOnlyList<string> Paths)? _roots;

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

        var roots = await RootPathsAsync(caller, cancellationToken);
        var target = roots.Count == 0 ? null : await PathOfAsync(unitId, cancellationToken);
        return target is not null && roots.Any(root => IsWithin(target, root));
    }

    public async Task<bool> CanSeeAsync(Caller caller, string unitId, CancellationToken cancellationToken)
    {
        if (caller.IsProvinceWide)
        {
            return true;
        }

        var roots = await RootPathsAsync(caller, cancellationToken);
        var target = roots.Count == 0 ? null : await PathOfAsync(unitId, cancellationToken);
        return target is not null && roots.Any(root => IsWithin(target, root) || IsWithin(root, target));
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

        var roots = await RootPathsAsync(caller, cancellationToken);
        if (roots.Count == 0)
        {
            return Units.Where(_ => false).Select(u => u.Id);
        }

        var ancestors = roots.SelectMany(root => root.Split('/')).Distinct().ToArray();
        // Ids are slugs (no '%' or '_'), so the paths are safe as LIKE prefixes.
        var below = roots.Select(root => root + "/%").ToArray();
        return Units.Where(u => ancestors.Contains(u.Id) || below.Any(prefix => EF.Functions.Like(u.Path, prefix))).Select(u => u.Id);
    }

    /// <summary>Whether a path lies in the subtree rooted at another (itself included).</summary>
    public static bool IsWithin(string path, string rootPath) =>
        path == rootPath || path.StartsWith(rootPath + "/", StringComparison.Ordinal);

    /// <summary>The paths of the caller's unit and of every unit it continues; empty when it has none.</summary>
    private async Task<IReadOnlyList<string>> RootPathsAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.UnitId is null)
        {
            return [];
        }

        if (_roots is { } cached && cached.UnitId == caller.UnitId)
        {
            return cached.Paths;
        }

        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { caller.UnitId };
        var frontier = new List<string> { caller.UnitId };
        for (var depth = 0; frontier.Count > 0 && depth < MaxPredecessorDepth; depth++)
        {
            var units = await Units.Where(u => frontier.Contains(u.Id))
                .Select(u => new { u.Path, u.PredecessorIds }).ToListAsync(cancellationToken);
            paths.AddRange(units.Select(u => u.Path));
            frontier = [.. units.SelectMany(u => u.PredecessorIds).Where(seen.Add)];
        }

        _roots = (caller.UnitId, paths);
        return paths;
    }

    private Task<string?> PathOfAsync(string unitId, CancellationToken cancellationToken) =>
        Units.Where(u => u.Id == unitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
}
