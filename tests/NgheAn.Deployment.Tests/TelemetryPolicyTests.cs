using k8s.Models;
using NgheAn.Deployment.Tests.Policies;

namespace NgheAn.Deployment.Tests;

public class TelemetryPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void All_telemetry_carries_the_service_its_version_and_its_pod(string overlay) =>
        Violations.None(TelemetryPolicy.Check(Overlays.Render(overlay)));

    [Fact]
    public void Each_overlay_names_its_environment()
    {
        string Environment(string overlay) => Workloads.OfKind<V1ConfigMap>(Overlays.Render(overlay))
            .Single(c => c.Metadata.Name.StartsWith("platform-", StringComparison.Ordinal)).Data["DEPLOYMENT_ENVIRONMENT"];

        Assert.Equal("dev", Environment("dev"));
        Assert.Equal("production", Environment("production"));
    }

    public static TheoryData<string, Action<V1Deployment>, string> Anonymous => new()
    {
        {
            "no service name",
            d => d.Spec.Template.Spec.Containers[0].Env = d.Spec.Template.Spec.Containers[0].Env.Where(e => e.Name != "OTEL_SERVICE_NAME").ToList(),
            "Deployment/emulation: OTEL_SERVICE_NAME is '', not 'emulation'"
        },
        {
            "a version other than the image's",
            d => d.Spec.Template.Spec.Containers[0].Image = "ghcr.io/nghean/emulation:0.2.0",
            "Deployment/emulation: OTEL_RESOURCE_ATTRIBUTES service.version is '0.1.0', not '0.2.0'"
        },
        {
            "one instance id for every replica",
            d => d.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "OTEL_RESOURCE_ATTRIBUTES").Value = "service.namespace=nghean-platform,service.version=$(SERVICE_VERSION),service.instance.id=emulation,deployment.environment.name=x,k8s.namespace.name=$(K8S_NAMESPACE_NAME),k8s.pod.name=$(K8S_POD_NAME)",
            "Deployment/emulation: OTEL_RESOURCE_ATTRIBUTES service.instance.id is not per pod"
        },
        {
            "the pod name typed in",
            d => d.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "K8S_POD_NAME").ValueFrom = null,
            "Deployment/emulation: OTEL_RESOURCE_ATTRIBUTES k8s.pod.name is '', not '(metadata.name)'"
        },
    };

    [Theory]
    [MemberData(nameof(Anonymous))]
    public void Telemetry_that_does_not_say_who_sent_it_is_caught(string what, Action<V1Deployment> change, string expected)
    {
        Assert.NotNull(what);
        Violations.Found(TelemetryPolicy.Check(Overlays.With(Overlays.Production, "emulation", change)), expected);
    }
}
