using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// Read-only views of the Prometheus Operator objects (monitoring.coreos.com/v1 PrometheusRule,
/// PodMonitor, ServiceMonitor) with the fields the checks need, and the overlay they are checked in:
/// components/monitoring is optional, so no overlay includes it; <see cref="Render"/> adds it to a copy of one.
/// </summary>
public static class Monitoring
{
    public const string Component = "monitoring";
    public const string Group = "monitoring.coreos.com";

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<Manifest>>> Renders = new();

    /// <summary>An overlay with components/monitoring added, as an operator would add it (README: Monitoring and alerts).</summary>
    public static IReadOnlyList<Manifest> Render(string overlay) =>
        Renders.GetOrAdd(overlay, o => new Lazy<IReadOnlyList<Manifest>>(() => RenderWithMonitoring(o))).Value;

    /// <summary>
    /// A copy of the overlay with the component added to its components, at the same depth under k8s/
    /// (so its relative paths still resolve), rendered and removed again.
    /// </summary>
    private static IReadOnlyList<Manifest> RenderWithMonitoring(string overlay)
    {
        var root = Directory.CreateDirectory(Path.Combine(Repository.K8s, $".monitoring-test-{Guid.NewGuid():N}"));
        try
        {
            var copy = root.CreateSubdirectory(overlay).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(Repository.K8s, "overlays", overlay)))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            var kustomization = Path.Combine(copy, "kustomization.yaml");
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(kustomization)));
            var components = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["components"];
            components.Add($"../../components/{Component}");
            using (var writer = new StreamWriter(kustomization))
            {
                yaml.Save(writer, assignAnchors: false);
            }

            return Manifest.Parse(Tools.Kustomize(copy));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    public static IEnumerable<Rule> AlertRules(IEnumerable<Manifest> manifests) =>
        Views.Of<PrometheusRule>(manifests, Group, "PrometheusRule").SelectMany(r => r.Spec.Groups.SelectMany(g => g.Rules)).Where(r => r.Alert is not null);

    public static IEnumerable<PodMonitor> PodMonitors(IEnumerable<Manifest> manifests) => Views.Of<PodMonitor>(manifests, Group, "PodMonitor");

    public static IEnumerable<ServiceMonitor> ServiceMonitors(IEnumerable<Manifest> manifests) => Views.Of<ServiceMonitor>(manifests, Group, "ServiceMonitor");

    public sealed class PrometheusRule
    {
        public RuleSpec Spec { get; init; } = new();
    }

    public sealed class RuleSpec
    {
        public List<RuleGroup> Groups { get; init; } = [];
    }

    public sealed class RuleGroup
    {
        public string Name { get; init; } = "";

        public List<Rule> Rules { get; init; } = [];
    }

    public sealed class Rule
    {
        public string? Alert { get; init; }

        public string? Expr { get; init; }

        public string? For { get; init; }

        public Dictionary<string, string> Labels { get; init; } = [];

        public Dictionary<string, string> Annotations { get; init; } = [];

        public override string ToString() => $"alert {Alert}";
    }

    public sealed class Selector
    {
        public Dictionary<string, string> MatchLabels { get; init; } = [];
    }

    public sealed class Endpoint
    {
        public string? Port { get; init; }
    }

    public sealed class PodMonitor
    {
        public MonitorSpec Spec { get; init; } = new();
    }

    public sealed class ServiceMonitor
    {
        public MonitorSpec Spec { get; init; } = new();
    }

    public sealed class MonitorSpec
    {
        public Selector Selector { get; init; } = new();

        public List<Endpoint> PodMetricsEndpoints { get; init; } = [];

        public List<Endpoint> Endpoints { get; init; } = [];
    }
}
