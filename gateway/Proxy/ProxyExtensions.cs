using NgheAn.Gateway.Errors;
using NgheAn.Gateway.Idempotency;
using NgheAn.Gateway.RateLimiting;
using NgheAn.Gateway.RequestChecks;

namespace NgheAn.Gateway.Proxy;

public static class ProxyExtensions
{
    /// <summary>
    /// Routes and clusters come from the "ReverseProxy" configuration section. Destinations name
    /// services, not ports ("http://_grpc.directives"): service discovery resolves them from
    /// configuration (the AppHost's services__directives__grpc__0, or Kubernetes settings).
    /// gRPC-Web requests match the gRPC routes by path and go on over h2c unchanged; the services
    /// translate them. JSON error responses are rewritten into problem+json.
    /// </summary>
    public static WebApplicationBuilder AddPlatformProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddProblemDetailsForJsonErrors();
        return builder;
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
