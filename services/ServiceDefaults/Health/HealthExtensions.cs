using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace NgheAn.ServiceDefaults.Health;

/// <summary>
/// Liveness says the process works; readiness says its dependencies (database, RabbitMQ, Redis)
/// answer. Both are served over HTTP and through the standard grpc.health.v1.Health service:
/// service "" (and "readiness") is readiness, service "liveness" is liveness, for native gRPC probes.
/// </summary>
public static class HealthExtensions
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static IHostApplicationBuilder AddPlatformHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpc(); // the grpc.health.v1 service is a gRPC service
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [Live, Ready]);
        builder.Services.AddGrpcHealthChecks(options =>
        {
            options.Services.Map("", r => r.Tags.Contains(Ready));
            options.Services.Map("readiness", r => r.Tags.Contains(Ready));
            options.Services.Map("liveness", r => r.Tags.Contains(Live));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapPlatformHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Probes carry no token.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(Live) }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(Ready) }).AllowAnonymous();
        endpoints.MapGrpcHealthChecksService().AllowAnonymous();
        return endpoints;
    }
}
