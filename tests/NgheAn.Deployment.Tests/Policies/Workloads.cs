using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;

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

    /// <summary>A container's environment as the kubelet resolves it (ConfigMaps, then env with $(VAR) expanded; Secrets as "secret").</summary>
    public static Dictionary<string, string> Environment(IReadOnlyList<Manifest> manifests, V1Container container)
    {
        var env = (container.EnvFrom ?? []).Where(e => e.ConfigMapRef is not null)
            .SelectMany(e => OfKind<V1ConfigMap>(manifests).Single(c => c.Metadata.Name == e.ConfigMapRef.Name).Data)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom is not null
                ? "secret"
                : VariableReference().Replace(variable.Value, m => env.GetValueOrDefault(m.Groups[1].Value, m.Value));
        }

        return env;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
