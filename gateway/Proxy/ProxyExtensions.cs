using NgheAn.Gateway.Errors;
using NgheAn.Gateway.Idempotency;
using NgheAn.Gateway.RateLimiting;
using NgheAn.Gateway.RequestChecks;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace NgheAn.Gateway.Proxy;

public static class ProxyExtensions
{
    /// <summary>
    /// Routes and clusters come from the "ReverseProxy" configuration section. Destinations name
    /// services, not ports ("http://_grpc.directives"): service discovery resolves them from
    /// configuration (the AppHost's services__directives__grpc__0, or Kubernetes settings).
    /// gRPC-Web requests match the gRPC routes by path and go on over h2c unchanged; the services
    /// translate them. JSON error responses are rewritten into problem+json.
    /// Each cluster balances every request over its destinations (PowerOfTwoChoices: the less busy of
    /// two); in Kubernetes a destination is a pod (<see cref="ReplicaDestinationResolver"/>).
    /// Passive health checks set aside a pod after repeated failed connections (for 10 s), and if every pod of
    /// a service looks unhealthy the gateway tries them all rather than answer 503 (HealthyOrPanic).
    /// No active health checks: the pods' readiness probes already take an unready pod out of DNS.
    /// </summary>
    public static WebApplicationBuilder AddPlatformProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReplicaOptions>()
            .Bind(builder.Configuration.GetSection(ReplicaOptions.Section))
            .Validate(o => o.RefreshPeriod > TimeSpan.Zero, "Proxy:Replicas:RefreshPeriod must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IHostAddressLookup, DnsHostAddressLookup>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddProblemDetailsForJsonErrors();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, ServiceConnections>();
        builder.Services.ResolveEachReplica();
        return builder;
    }

    /// <summary>Puts <see cref="ReplicaDestinationResolver"/> around the service-discovery resolver registered last.</summary>
    private static void ResolveEachReplica(this IServiceCollection services)
    {
        var discovery = services.Last(s => s.ServiceType == typeof(IDestinationResolver));
        services.Remove(discovery);
        services.AddSingleton<IDestinationResolver>(provider => ActivatorUtilities.CreateInstance<ReplicaDestinationResolver>(
            provider, discovery.ImplementationType is { } type
                ? ActivatorUtilities.CreateInstance(provider, type)
                : discovery.ImplementationFactory?.Invoke(provider) ?? discovery.ImplementationInstance!));
    }

    /// <summary>
    /// Proxied requests only (not health, OpenAPI or reflection): rate limit, size, method and content type,
    /// idempotency, then forward; a failure to forward is answered in the platform's error shape.
    /// </summary>
    public static WebApplication MapPlatformProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseForwardingErrors();
            proxy.UseRateLimits();
            proxy.UseRequestChecks();
            proxy.UseIdempotency();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
