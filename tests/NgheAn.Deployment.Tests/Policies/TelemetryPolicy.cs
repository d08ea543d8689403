using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// All telemetry says who sent it: the app container of every platform Deployment has
/// OTEL_SERVICE_NAME = the Deployment's name (the AppHost's resource name, so local and cluster
/// telemetry agree) and OTEL_RESOURCE_ATTRIBUTES with service.namespace, service.version = its image
/// tag, service.instance.id per pod, deployment.environment.name, and k8s.namespace.name /
/// k8s.pod.name from the downward API. The code sets no resource attributes of its own
/// (services/ServiceDefaults/Telemetry), so these are the only ones.
/// </summary>
public static class TelemetryPolicy
{
    public const string ServiceNamespace = "nghean-platform";

    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        foreach (var deployment in Workloads.OfKind<V1Deployment>(list).Where(d => Workloads.IsPlatformLabels(d.Spec.Template.Metadata.Labels)))
        {
            var name = deployment.Metadata.Name;
            var app = deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "app");
            var env = Workloads.Environment(list, deployment.Spec.Template, app);
            if (env.GetValueOrDefault("OTEL_SERVICE_NAME") != name)
            {
                yield return $"Deployment/{name}: OTEL_SERVICE_NAME is '{env.GetValueOrDefault("OTEL_SERVICE_NAME")}', not '{name}'";
            }

            var attributes = ResourceAttributes(env);
            var tag = app.Image.Contains(':', StringComparison.Ordinal) ? app.Image[(app.Image.LastIndexOf(':') + 1)..] : null;
            var expected = new Dictionary<string, string?>
            {
                ["service.namespace"] = ServiceNamespace,
                ["service.version"] = tag,
                ["k8s.namespace.name"] = "(metadata.namespace)",
                ["k8s.pod.name"] = "(metadata.name)",
            };
            foreach (var (key, value) in expected.Where(e => attributes.GetValueOrDefault(e.Key) != e.Value))
            {
                yield return $"Deployment/{name}: OTEL_RESOURCE_ATTRIBUTES {key} is '{attributes.GetValueOrDefault(key)}', not '{value}'";
            }

            if (!attributes.TryGetValue("service.instance.id", out var instance) || !instance.Contains("(metadata.name)", StringComparison.Ordinal))
            {
                yield return $"Deployment/{name}: OTEL_RESOURCE_ATTRIBUTES service.instance.id is not per pod ('{instance}'): the replicas' metrics would collide";
            }

            if (string.IsNullOrEmpty(attributes.GetValueOrDefault("deployment.environment.name")))
            {
                yield return $"Deployment/{name}: OTEL_RESOURCE_ATTRIBUTES has no deployment.environment.name";
            }
        }
    }

    /// <summary>"a=1,b=2" (OTEL_RESOURCE_ATTRIBUTES) as a dictionary.</summary>
    public static Dictionary<string, string> ResourceAttributes(IReadOnlyDictionary<string, string> env) =>
        (env.GetValueOrDefault("OTEL_RESOURCE_ATTRIBUTES") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv.Length > 1 ? kv[1].Trim() : "");
}
