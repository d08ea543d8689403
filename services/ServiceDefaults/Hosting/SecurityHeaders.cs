using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace NgheAn.ServiceDefaults.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// Every response says X-Content-Type-Options: nosniff (a browser never guesses a type, e.g. runs
    /// a JSON body as a script) and names no server software (Kestrel's own Server header is off,
    /// see <see cref="EndpointExtensions"/>; this also drops one a proxied service sent). Set when the
    /// response starts, so error writers that clear the response keep them.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers.Remove(HeaderNames.Server);
                return Task.CompletedTask;
            });
            return next(context);
        });
}
