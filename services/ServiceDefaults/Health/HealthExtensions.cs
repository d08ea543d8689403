using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace NgheAn.ServiceDefaults.Health;

/// <summary>
/// Liveness says the process works; readiness says it can serve calls: its own database answers
/// (the gateway has no dependency it cannot serve without: a service that is down answers
/// UNAVAILABLE for its own routes, and Redis trouble refuses only writes with an Idempotency-Key).
/// Both are served over HTTP and through the standard grpc.health.v1.Health service: service ""
/// (and "readiness") is readiness, service "liveness" is liveness, for native gRPC probes.
/// RabbitMQ is in neither (see <see cref="Broker"/>): it has its own endpoint, /health/broker.
/// </summary>
public static class HealthExtensions
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>
    /// Checks of the message broker. Never part of liveness or readiness, on purpose: writes commit
    /// their events to the service's transactional outbox, which holds them while RabbitMQ is away
    /// and publishes them when it is back, so a broker outage is no reason to stop serving (taking
    /// every replica out of the load balancer would turn a delay of events into an outage of the
    /// platform). It is an alert instead: /health/broker for a person, and the outbox lag metrics
    /// (nghean.outbox.*) for alert rules.
    /// </summary>
    public const string Broker = "broker";

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
        // For operators, not probes: 200 only while the bus is connected (a bus that is reconnecting
        // reports Degraded, which answers 503 here). A host without messaging (the gateway) has no check: 200.
        endpoints.MapHealthChecks("/health/broker", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(Broker),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        endpoints.MapGrpcHealthChecksService().AllowAnonymous();
        return endpoints;
    }
}
