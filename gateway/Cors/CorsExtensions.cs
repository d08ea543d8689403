namespace NgheAn.Gateway.Cors;

public static class CorsExtensions
{
    /// <summary>Response headers a browser app may read: gRPC(-Web) status, rate limits, idempotency, tracing.</summary>
    public static readonly string[] ExposedHeaders =
    [
        "grpc-status", "grpc-message", "grpc-status-details-bin", "Retry-After",
        "Idempotency-Key", "Idempotency-Replayed", "X-Correlation-Id", "traceresponse", "Location", "ETag",
    ];

    /// <summary>
    /// Browser apps from the origins in Cors:AllowedOrigins (e.g. "https://app.nghean.vn") may call
    /// the gateway with any method and header (JSON, gRPC-Web, Authorization, Idempotency-Key).
    /// No origins configured: no cross-origin access.
    /// </summary>
    public static WebApplicationBuilder AddPlatformCors(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }
}
