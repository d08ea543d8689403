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

    /// <summary>Replaces the identity's role and unit claims with the ones found in the token.</summary>
    public void Apply(ClaimsIdentity identity, SecurityToken token)
    {
        if (token is not JsonWebToken jwt)
        {
            throw new InvalidOperationException($"Expected a JSON web token, got {token.GetType().Name}.");
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        foreach (var claim in identity.FindAll(c => c.Type is PlatformClaims.Role or PlatformClaims.Unit).ToList())
        {
            identity.RemoveClaim(claim);
        }

        var issuer = jwt.Issuer;
        foreach (var role in Strings(payload.RootElement, _rolePath).Where(PlatformRoles.All.Contains).Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(PlatformClaims.Role, role, ClaimValueTypes.String, issuer));
        }

        if (Strings(payload.RootElement, _unitPath).FirstOrDefault() is { Length: > 0 } unit)
        {
            identity.AddClaim(new Claim(PlatformClaims.Unit, unit, ClaimValueTypes.String, issuer));
        }
    }

    /// <summary>The strings at a path: nothing when a step is missing or the value is neither a string nor a list of strings.</summary>
    private static IEnumerable<string> Strings(JsonElement element, string[] path)
    {
        foreach (var step in path)
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
