using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Telemetry;

namespace NgheAn.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Telemetry, health checks, service discovery and resilient HTTP clients.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformTelemetry();
        builder.AddPlatformHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }
}
