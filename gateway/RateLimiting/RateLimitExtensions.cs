using Grpc.Core;
using Microsoft.Extensions.Options;
using NgheAn.Gateway.Callers;
using NgheAn.Gateway.Errors;

namespace NgheAn.Gateway.RateLimiting;

public static class RateLimitExtensions
{
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PermitLimit > 0 && o.Window >= TimeSpan.FromSeconds(1), "RateLimits: PermitLimit must be positive and Window at least one second.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RedisRateLimiter>();
        return builder;
    }

    /// <summary>
    /// In the proxy pipeline: over the limit, JSON callers get 429 with Retry-After and
    /// problem+json; gRPC callers get RESOURCE_EXHAUSTED (trailers-only) with Retry-After.
    /// </summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
            if (!limits.Enabled)
            {
                await next(context);
                return;
            }

            var decision = await context.RequestServices.GetRequiredService<RedisRateLimiter>().AcquireAsync(CallerId.Of(context));
            if (decision.Allowed)
            {
                await next(context);
                return;
            }

            await GatewayErrors.WriteAsync(context, StatusCode.ResourceExhausted, StatusCodes.Status429TooManyRequests,
                $"Rate limit of {limits.PermitLimit} requests per {limits.Window.TotalSeconds:0.#} s exceeded; retry after the time in Retry-After.",
                decision.RetryAfter);
        });
}
