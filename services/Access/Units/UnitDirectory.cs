using Microsoft.EntityFrameworkCore;
using NgheAn.Access.Rules;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.Access.Units;

/// <summary>Where units and people sit in the organisation tree, as the service's own copy knows it.</summary>
public interface IUnitDirectory
{
    /// <summary>The path of a unit, or null when the tree has no such unit.</summary>
    Task<string?> PathOfUnitAsync(string unitId, CancellationToken cancellationToken);

    /// <summary>The path of the unit a person belongs to now, or null when the service does not know the person.</summary>
    Task<string?> PathOfPersonAsync(Guid personId, CancellationToken cancellationToken);

    /// <summary>The paths of a unit and of every unit it continues (merges and splits, transitively).</summary>
    Task<IReadOnlyList<string>> RootPathsAsync(string unitId, CancellationToken cancellationToken);

    /// <summary>The ids of the units within a reach, as a query to filter records with (composable with the service's own queries).</summary>
    IQueryable<string> UnitIdsWithin(Reach reach, AccessKind kind);
}

/// <summary>The people a service knows and the unit each belongs to now.</summary>
public interface IPersonUnits
{
    /// <summary>Person id → their unit id, as a query on the service's database.</summary>
    IQueryable<PersonUnit> People { get; }
}

/// <summary>A person and their unit (settable members, so EF can compose queries over it).</summary>
public sealed class PersonUnit
{
    public Guid PersonId { get; init; }

    public string UnitId { get; init; } = "";
}

/// <summary>The directory over a service's org_units table (CadreWork's own, a copy elsewhere) and its people.</summary>
public sealed class UnitDirectory<TContext>(TContext db, IPersonUnits people) : IUnitDirectory
    where TContext : DbContext
{
    // Far deeper than any chain of reorganisations; stops a cycle in bad data.
    private const int MaxPredecessorDepth = 16;

    // One directory serves one call (scoped): the interceptor and the method ask about the same
    // units and people, so each is looked up once.
    private readonly Dictionary<string, string?> _unitPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string?> _personPaths = [];

    private IQueryable<OrgUnit> Units => db.Set<OrgUnit>().AsNoTracking();

    public async Task<string?> PathOfUnitAsync(string unitId, CancellationToken cancellationToken)
    {
        if (!_unitPaths.TryGetValue(unitId, out var path))
        {
            _unitPaths[unitId] = path = await Units.Where(u => u.Id == unitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
        }

        return path;
    }

    public async Task<string?> PathOfPersonAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!_personPaths.TryGetValue(personId, out var path))
        {
            _personPaths[personId] = path = await (from person in people.People
                                                   join unit in Units on person.UnitId equals unit.Id
                                                   where person.PersonId == personId
                                                   select unit.Path).FirstOrDefaultAsync(cancellationToken);
        }

        return path;
    }

    public async Task<IReadOnlyList<string>> RootPathsAsync(string unitId, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { unitId };
        var frontier = new List<string> { unitId };
        for (var depth = 0; frontier.Count > 0 && depth < MaxPredecessorDepth; depth++)
        {
            var units = await Units.Where(u => frontier.Contains(u.Id))
                .Select(u => new { u.Path, u.PredecessorIds }).ToListAsync(cancellationToken);
            paths.AddRange(units.Select(u => u.Path));
            frontier = [.. units.SelectMany(u => u.PredecessorIds).Where(seen.Add)];
        }

        return paths;
    }

    public IQueryable<string> UnitIdsWithin(Reach reach, AccessKind kind)
    {
        if (reach.Everywhere)
        {
            return Units.Select(u => u.Id);
        }

        if (reach.RootPaths.Count == 0)
        {
            return Units.Where(_ => false).Select(u => u.Id);
        }

        var roots = reach.RootPaths.ToArray();
        var above = kind == AccessKind.Read ? roots.SelectMany(root => root.Split('/')).Distinct().ToArray() : [];
        // Ids are slugs (no '%' or '_'), so the paths are safe as LIKE prefixes.
        var below = roots.Select(root => root + "/%").ToArray();
        return Units.Where(u => roots.Contains(u.Path) || above.Contains(u.Id) || below.Any(prefix => EF.Functions.Like(u.Path, prefix))).Select(u => u.Id);
    }
}
