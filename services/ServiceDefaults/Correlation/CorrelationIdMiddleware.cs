using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NgheAn.ServiceDefaults.Correlation;

/// <summary>
/// One id that follows a request from the front end through the gateway to the services, in every
/// log line: taken from the X-Correlation-Id header, or made here when it is missing or malformed.
/// It goes on the request (so the gateway forwards it), on the response, in the log scope, and on
/// the current Activity as the tag and baggage item "correlation.id". Each response also carries a
/// W3C "traceresponse" header naming the trace it belongs to, so a caller can find it in the traces.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";
    public const string TraceResponseHeaderName = "traceresponse";
    public const string ActivityKey = "correlation.id";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = IsWellFormed(context.Request.Headers[HeaderName].ToString())
            ? context.Request.Headers[HeaderName].ToString()
            : Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
        context.Request.Headers[HeaderName] = id;

        var activity = Activity.Current;
        activity?.SetTag(ActivityKey, id);
        activity?.SetBaggage(ActivityKey, id);

        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            // Behind the gateway the service's own traceresponse comes through and is kept.
            if (activity is not null && !context.Response.Headers.ContainsKey(TraceResponseHeaderName))
            {
                var flags = activity.Recorded ? "01" : "00";
                context.Response.Headers[TraceResponseHeaderName] = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{flags}";
            }

            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    /// <summary>At most 128 characters of letters, digits and "-_.:": anything else could forge log lines.</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}

public static class CorrelationIdExtensions
{
    /// <summary>Early in the pipeline, so every later log line and the proxied request carry the id.</summary>
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.UseMiddleware<CorrelationIdMiddleware>();
}
