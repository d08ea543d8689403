using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>Pod templates in a rendered overlay, and which of them are the platform's own.</summary>
public static partial class Workloads
{
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Platform = "nghean-platform";
    public const string Component = "app.kubernetes.io/component";
    public const string Name = "app.kubernetes.io/name";

    public sealed record PodTemplate(Manifest Owner, V1PodTemplateSpec Template)
    {
        public IDictionary<string, string> Labels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

        public V1PodSpec Spec => Template.Spec;

        public bool IsPlatform => IsPlatformLabels(Labels);

        public string? Role => Labels.TryGetValue(Component, out var component) ? component : null;

        public IEnumerable<V1Container> AllContainers => (Spec.InitContainers ?? []).Concat(Spec.Containers ?? []);

        public override string ToString() => Owner.ToString();
    }

    public static bool IsPlatformLabels(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(PartOf, out var partOf) && partOf == Platform;

    public static IEnumerable<PodTemplate> PodTemplates(IEnumerable<Manifest> manifests) =>
        manifests.Select(m => m.Typed switch
        {
            V1Deployment d => new PodTemplate(m, d.Spec.Template),
            V1StatefulSet s => new PodTemplate(m, s.Spec.Template),
            V1DaemonSet d => new PodTemplate(m, d.Spec.Template),
            V1Job j => new PodTemplate(m, j.Spec.Template),
            V1CronJob c => new PodTemplate(m, c.Spec.JobTemplate.Spec.Template),
            V1Pod p => new PodTemplate(m, new V1PodTemplateSpec { Metadata = p.Metadata, Spec = p.Spec }),
            _ => null,
        }).OfType<PodTemplate>();

    /// <summary>
    /// A custom resource whose operator builds pods: where the resource's pod template override lives
    /// and the containers the operator makes (an override's unnamed container is the one at its place).
    /// </summary>
    public sealed record OperatorPods(string Kind, string[] TemplatePath, string[] Containers, string[] InitContainers);

    public static readonly OperatorPods[] Operators =
    [
        new("RabbitmqCluster", ["spec", "override", "statefulSet", "spec", "template"], ["rabbitmq"], ["setup-container"]),
        new("Keycloak", ["spec", "unsupported", "podTemplate"], ["keycloak"], []),
    ];

    /// <summary>
    /// The pods the operators build from custom resources, as far as the repository decides them: the
    /// operator's containers with nothing but what the resource's override sets (the operator's own
    /// defaults are not counted on: they may change with a version). CloudNativePG builds its pods
    /// from no template of ours (designed to meet "restricted").
    /// </summary>
    public static IEnumerable<PodTemplate> OperatorPodTemplates(IEnumerable<Manifest> manifests)
    {
        foreach (var manifest in manifests)
        {
            if (Operators.FirstOrDefault(o => o.Kind == manifest.Kind) is not { } pods)
            {
                continue;
            }

            var node = Path(manifest.Tree, pods.TemplatePath);
            var template = node is null
                ? new V1PodTemplateSpec()
                : KubernetesYaml.Deserialize<V1PodTemplateSpec>(Manifest.Serialize(node));
            template.Spec ??= new V1PodSpec();
            template.Spec.Containers = WithOperatorContainers(template.Spec.Containers, pods.Containers);
            template.Spec.InitContainers = WithOperatorContainers(template.Spec.InitContainers, pods.InitContainers);
            yield return new PodTemplate(manifest, template);
        }
    }

    private static List<V1Container> WithOperatorContainers(IList<V1Container>? overrides, string[] names)
    {
        var containers = (overrides ?? []).ToList();
        for (var i = 0; i < containers.Count && i < names.Length; i++)
        {
            containers[i].Name ??= names[i];
        }

        containers.AddRange(names.Where(name => containers.All(c => c.Name != name)).Select(name => new V1Container { Name = name }));
        return containers;
    }

    /// <summary>The node at a path of mapping keys, or null.</summary>
    public static YamlNode? Path(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(key, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>A container's environment where the pod's labels do not matter (no downward-API label read).</summary>
    public static Dictionary<string, string> Environment(IReadOnlyList<Manifest> manifests, V1Container container) =>
        Environment(manifests, new V1PodTemplateSpec(), container);

    /// <summary>
    /// A container's environment as the kubelet resolves it: its ConfigMaps, then env in order with
    /// $(VAR) expanded; a pod label from the downward API as its value, other pod fields as "(path)",
    /// Secrets as "(secret)".
    /// </summary>
    public static Dictionary<string, string> Environment(IReadOnlyList<Manifest> manifests, V1PodTemplateSpec pod, V1Container container)
    {
        var env = (container.EnvFrom ?? []).Where(e => e.ConfigMapRef is not null)
            .SelectMany(e => OfKind<V1ConfigMap>(manifests).Single(c => c.Metadata.Name == e.ConfigMapRef.Name).Data)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom switch
            {
                null => VariableReference().Replace(variable.Value ?? "", m => env.GetValueOrDefault(m.Groups[1].Value, m.Value)),
                { FieldRef.FieldPath: var path } when PodLabel().Match(path) is { Success: true } label =>
                    pod.Metadata?.Labels?.TryGetValue(label.Groups[1].Value, out var value) == true ? value : "",
                { FieldRef.FieldPath: var path } => $"({path})",
                _ => "(secret)",
            };
        }

        return env;
    }

    public static IEnumerable<T> OfKind<T>(IEnumerable<Manifest> manifests) => manifests.Select(m => m.Typed).OfType<T>();

    /// <summary>Whether a label selector selects a pod with these labels (an empty selector selects all).</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
            && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
            {
                "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
                "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
                "Exists" => labels.ContainsKey(e.Key),
                "DoesNotExist" => !labels.ContainsKey(e.Key),
                _ => throw new InvalidOperationException($"Unknown selector operator {e.OperatorProperty}"),
            });
    }

    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^metadata\.labels\['([^']+)'\]$")]
    private static partial Regex PodLabel();
}
