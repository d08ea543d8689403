using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// Signed tokens for local use and tests. The key is public (it is in the repository), so they are
/// accepted only when the environment is Development; production never trusts them.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "https://dev.nghean.local";
    public const string Audience = PlatformAuthentication.DefaultAudience;

    public static readonly SymmetricSecurityKey SigningKey = new(
        Encoding.UTF8.GetBytes("nghean-platform-development-signing-key-never-use-in-production"))
    {
        KeyId = "nghean-development",
    };

    /// <summary>A token for a person with the given roles, in an organisation unit (optional for province-wide roles).</summary>
    public static string Create(
        IEnumerable<string> roles,
        string? unit = null,
        string? person = null,
        TimeSpan? lifetime = null,
        DateTimeOffset? now = null,
        SecurityKey? key = null,
        string issuer = Issuer)
    {
        var roleList = roles.ToList();
        var unknown = roleList.Where(r => !PlatformRoles.All.Contains(r)).ToList();
        if (roleList.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Roles must be some of: {PlatformRoles.Anyone.Replace(",", ", ")}; got '{string.Join(", ", unknown.DefaultIfEmpty("(none)"))}'.", nameof(roles));
        }

        if (string.IsNullOrWhiteSpace(unit) && !roleList.All(PlatformRoles.ProvinceWide.Contains))
        {
            throw new ArgumentException("A unit is required unless every role is province-wide.", nameof(unit));
        }

        var issuedAt = now ?? DateTimeOffset.UtcNow;
        var claims = new List<Claim>
        {
            new(PlatformClaims.Person, person ?? $"dev-{roleList[0]}"),
            new(PlatformClaims.Name, person ?? $"Development {roleList[0]}"),
        };
        claims.AddRange(roleList.Select(r => new Claim(PlatformClaims.Role, r)));
        if (!string.IsNullOrWhiteSpace(unit))
        {
            claims.Add(new Claim(PlatformClaims.Unit, unit));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime.AddMinutes(-1),
            Expires = (issuedAt + (lifetime ?? TimeSpan.FromHours(8))).UtcDateTime,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }
}
