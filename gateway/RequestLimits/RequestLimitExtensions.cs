using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using NgheAn.Gateway.Errors;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.Gateway.RequestLimits;

/// <summary>
/// What a request may look like before it is forwarded: a body of at most RequestLimits:MaxBodyBytes
/// (default 1 MiB; writes are small, documents and attachments go by reference), and a JSON write's
/// body sent as JSON. Refused in the platform's error shape: 413 / RESOURCE_EXHAUSTED and
/// 415 problem+json.
/// </summary>
public static class RequestLimitExtensions
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
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder proxy) =>
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

            if (!GrpcRequests.IsGrpc(request) && HasBody(context) && !IsJson(request.ContentType))
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
