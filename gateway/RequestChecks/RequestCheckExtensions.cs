using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using NgheAn.Gateway.ApiDescription;
using NgheAn.Gateway.Errors;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.Gateway.RequestChecks;

/// <summary>
/// What a request must look like before it is forwarded, each refusal in the platform's error shape:
/// a body of at most RequestLimits:MaxBodyBytes (default 1 MiB; writes are small, documents and
/// attachments go by reference) → 413 / RESOURCE_EXHAUSTED; over JSON, an HTTP method the path takes
/// → 405 with Allow; a JSON body sent as JSON → 415.
/// </summary>
public static class RequestCheckExtensions
{
    public const string MaxBodyBytesSetting = "RequestLimits:MaxBodyBytes";
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var maxBodyBytes = builder.Configuration.GetValue<long?>(MaxBodyBytesSetting) ?? DefaultMaxBodyBytes;
        if (maxBodyBytes <= 0)
        {
            throw new InvalidOperationException($"{MaxBodyBytesSetting} must be positive, got {maxBodyBytes}.");
        }

        // Kestrel enforces it on bodies without a Content-Length too (chunked, HTTP/2 gRPC streams).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBodyBytes);
        return builder;
    }

    /// <summary>In the proxy pipeline, before anything reads the body.</summary>
    public static IApplicationBuilder UseRequestChecks(this IApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            var request = context.Request;
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (request.ContentLength > limit)
            {
                await GatewayErrors.WriteAsync(context, StatusCode.ResourceExhausted, StatusCodes.Status413PayloadTooLarge,
                    $"The request body is {request.ContentLength} bytes; the gateway accepts at most {limit}.");
                return;
            }

            if (GrpcRequests.IsGrpc(request))
            {
                await next(context);
                return;
            }

            if (JsonRoutes.MethodsAt(request.Path.Value ?? "") is { Count: > 0 } allowed && !allowed.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Allow = string.Join(", ", allowed);
                    return Task.CompletedTask;
                });
                await GatewayErrors.WriteAsync(context, StatusCode.Unimplemented, StatusCodes.Status405MethodNotAllowed,
                    $"{request.Method} is not a method of this path; it takes {string.Join(", ", allowed)}.");
                return;
            }

            if (HasBody(context) && !IsJson(request.ContentType))
            {
                await GatewayErrors.WriteAsync(context, StatusCode.InvalidArgument, StatusCodes.Status415UnsupportedMediaType,
                    "The request body must be JSON, sent with Content-Type: application/json.");
                return;
            }

            await next(context);
        });

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is not 0
        && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
