using System.Net;
using System.Security.Claims;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Gateway.Callers;

/// <summary>
/// Who is calling, for rate limits and idempotency records: the authenticated user's "sub" claim
/// when authentication has run before (its middleware comes first in Program.cs), else the client
/// IP address (which UseForwardedHeaders takes from X-Forwarded-For when the request comes through
/// a trusted proxy). The prefix keeps a user named like an address apart from that address.
/// </summary>
public static class CallerId
{
    public static string Of(HttpContext context) => Of(context.User, context.Connection.RemoteIpAddress);

    public static string Of(ClaimsPrincipal? user, IPAddress? remoteAddress)
    {
        if (Subject(user) is { } subject)
        {
            return "sub:" + subject;
        }

        if (remoteAddress is null)
        {
            return "ip:unknown";
        }

        return "ip:" + (remoteAddress.IsIPv4MappedToIPv6 ? remoteAddress.MapToIPv4() : remoteAddress);
    }

    public static string WithRolesAndUnit(HttpContext context) => WithRolesAndUnit(context.User, context.Connection.RemoteIpAddress);

    /// <summary>
    /// The whole caller, for idempotency records: subject, roles (sorted) and unit of the validated
    /// token, so an answer given under one set of roles or one unit is never replayed under another
    /// (e.g. "sub:can-bo-01;roles:party-member,unit-staff;unit:phuong-truong-vinh"). Each part is
    /// escaped, so no value can pose as another part. An anonymous caller is its address, as in <see cref="Of(HttpContext)"/>.
    /// </summary>
    public static string WithRolesAndUnit(ClaimsPrincipal? user, IPAddress? remoteAddress)
    {
        if (Subject(user) is not { } subject)
        {
            return Of(user, remoteAddress);
        }

        var roles = user!.FindAll(PlatformClaims.Role).Select(c => Uri.EscapeDataString(c.Value)).Distinct().Order(StringComparer.Ordinal);
        var unit = Uri.EscapeDataString(user.FindFirst(PlatformClaims.Unit)?.Value ?? "");
        return $"sub:{Uri.EscapeDataString(subject)};roles:{string.Join(',', roles)};unit:{unit}";
    }

    // JwtBearer maps "sub" to NameIdentifier unless MapInboundClaims is off: accept both.
    private static string? Subject(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
        && (user.FindFirst(PlatformClaims.Person)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value) is { Length: > 0 } subject
            ? subject
            : null;
}
