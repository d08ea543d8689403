using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access.Rules;

/// <summary>
/// What a caller's roles give them in one method. Each role brings its own reach and only for
/// what it may do: a role the method does not list widens nothing, so roles never add up.
/// </summary>
public sealed record RoleGrants(IReadOnlySet<string> Granting, bool Everywhere, bool InUnit)
{
    /// <summary>The roles of the caller that the method allows, and the reach they bring.</summary>
    public static RoleGrants For(IReadOnlySet<string> callerRoles, IReadOnlySet<string> methodRoles)
    {
        var granting = callerRoles.Where(methodRoles.Contains).ToHashSet(StringComparer.Ordinal);
        return new RoleGrants(
            granting,
            Everywhere: granting.Any(PlatformRoles.ProvinceWide.Contains),
            InUnit: granting.Any(r => !PlatformRoles.ProvinceWide.Contains(r)));
    }

    public bool Any => Granting.Count > 0;

    /// <summary>
    /// The roles whose personal-field permissions (visible_to) apply to a record: province-wide
    /// roles reach every record; unit-scoped roles only when the record lies in their subtree.
    /// </summary>
    public static IReadOnlySet<string> ForFields(IReadOnlySet<string> callerRoles, bool recordsInUnitSubtree) =>
        callerRoles.Where(r => PlatformRoles.ProvinceWide.Contains(r) || recordsInUnitSubtree).ToHashSet(StringComparer.Ordinal);
}
