using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// Where a provider's token carries the platform's roles and unit. Configuration "Auth:Claims":
/// Role (default "role") and Unit (default "unit") name a claim, or a dotted path into the token's
/// JSON for nested claims, e.g. Keycloak's "realm_access.roles" or "resource_access.nghean-platform.roles".
/// The value may be a string or a list of strings. After a token validates, the caller's "role" and
/// "unit" claims are rebuilt from those places only (a token cannot add platform roles some other
/// way), and roles that are not platform roles (<see cref="PlatformRoles"/>, e.g. Keycloak's
/// "offline_access") are dropped, so audit records and refusals list only the roles that count.
/// </summary>
public sealed class ClaimMapping
{
    public const string Section = "Auth:Claims";

    private readonly string[] _rolePath;
    private readonly string[] _unitPath;

    public ClaimMapping(string role = PlatformClaims.Role, string unit = PlatformClaims.Unit)
    {
        _rolePath = Path(role, "Role");
        _unitPath = Path(unit, "Unit");
    }

    public static ClaimMapping From(IConfiguration configuration) => new(
        configuration[$"{Section}:Role"] ?? PlatformClaims.Role,
        configuration[$"{Section}:Unit"] ?? PlatformClaims.Unit);

    /// <summary>
    /// Replaces the identity's role and unit claims with the ones found in the token. Reads the claims
    /// the token handler already made (a list claim comes as one claim per item; an object claim as its
    /// JSON), so the token's payload is not decoded a second time on every request.
    /// </summary>
    public void Apply(ClaimsIdentity identity, SecurityToken token)
    {
        var roles = Strings(identity, _rolePath).Where(PlatformRoles.All.Contains).Distinct(StringComparer.Ordinal).ToList();
        var unit = Strings(identity, _unitPath).FirstOrDefault();
        foreach (var claim in identity.FindAll(c => c.Type is PlatformClaims.Role or PlatformClaims.Unit).ToList())
        {
            identity.RemoveClaim(claim);
        }

        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(PlatformClaims.Role, role, ClaimValueTypes.String, token.Issuer));
        }

        if (unit is { Length: > 0 })
        {
            identity.AddClaim(new Claim(PlatformClaims.Unit, unit, ClaimValueTypes.String, token.Issuer));
        }
    }

    /// <summary>The strings at a path: nothing when a step is missing or the value is neither a string nor a list of strings.</summary>
    private static List<string> Strings(ClaimsIdentity identity, string[] path)
    {
        if (path.Length == 1)
        {
            return identity.FindAll(path[0]).Where(c => c.ValueType == ClaimValueTypes.String).Select(c => c.Value).ToList();
        }

        if (identity.FindFirst(c => c.Type == path[0] && c.ValueType == JsonClaimValueTypes.Json) is not { } top)
        {
            return [];
        }

        using var json = JsonDocument.Parse(top.Value);
        var element = json.RootElement;
        foreach (var step in path[1..])
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return [];
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            _ => [],
        };
    }

    private static string[] Path(string path, string name)
    {
        var steps = path.Split('.');
        if (steps.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidOperationException($"{Section}:{name} must be a claim name or a dotted path (e.g. realm_access.roles), got '{path}'.");
        }

        return steps;
    }
}
