using System.Net;
using System.Security.Claims;

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
        if (user?.Identity?.IsAuthenticated == true)
        {
            // JwtBearer maps "sub" to NameIdentifier unless MapInboundClaims is off: accept both.
            var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
            if (!string.IsNullOrEmpty(subject))
            {
                return "sub:" + subject;
            }
        }

        if (remoteAddress is null)
        {
            return "ip:unknown";
        }

        return "ip:" + (remoteAddress.IsIPv4MappedToIPv6 ? remoteAddress.MapToIPv4() : remoteAddress);
    }
}
