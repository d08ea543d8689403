using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NgheAn.ServiceDefaults.Tests.Telemetry;

/// <summary>
/// Kubernetes says who sends the telemetry through OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
/// (k8s/base/telemetry.yaml); the platform's telemetry set-up must carry them unchanged, on traces and
/// metrics alike (a resource the code set itself would hide them).
/// </summary>
public sealed class TelemetryResourceTests
{
    [Fact]
    public void The_service_name_and_resource_attributes_from_the_environment_are_on_traces_and_metrics()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // As the kubelet resolves base/telemetry.yaml for an emulation pod.
            ["OTEL_SERVICE_NAME"] = "emulation",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.namespace=nghean-platform,service.version=0.1.0,service.instance.id=nghean.emulation-7d9f-x2.app,deployment.environment.name=production,k8s.namespace.name=nghean,k8s.pod.name=emulation-7d9f-x2",
        });
        builder.AddPlatformTelemetry();
        using var app = builder.Build();

        foreach (var provider in new BaseProvider[] { app.Services.GetRequiredService<TracerProvider>(), app.Services.GetRequiredService<MeterProvider>() })
        {
            var attributes = provider.GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value.ToString());
            Assert.Equal("emulation", attributes["service.name"]);
            Assert.Equal("nghean-platform", attributes["service.namespace"]);
            Assert.Equal("0.1.0", attributes["service.version"]);
            Assert.Equal("nghean.emulation-7d9f-x2.app", attributes["service.instance.id"]);
            Assert.Equal("production", attributes["deployment.environment.name"]);
            Assert.Equal("emulation-7d9f-x2", attributes["k8s.pod.name"]);
        }
    }
}
