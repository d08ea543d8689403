using System.Security.Claims;

namespace NgheAn.ServiceDefaults.Security;

/// <summary>Who is calling: the person, their roles and their organisation unit, from the token. What they may reach is the access model's (services/Access).</summary>
public sealed record Caller(string Person, IReadOnlySet<string> Roles, string? UnitId)
{
    public bool HasRole(string role) => Roles.Contains(role);

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(PlatformClaims.Person) ?? "",
        user.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.FindFirstValue(PlatformClaims.Unit) is { Length: > 0 } unit ? unit : null);
}
