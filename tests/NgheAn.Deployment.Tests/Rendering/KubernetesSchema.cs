using System.Collections;
using System.Reflection;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// Checks rendered objects against the Kubernetes schemas without an API server. Built-in kinds are
/// read into KubernetesClient's typed models (generated from the Kubernetes OpenAPI): an unknown
/// field throws, a value of the wrong type throws, and writing the model back must give the same
/// tree (so nothing was silently dropped or coerced); then the fields the API requires are checked.
/// Custom resources are checked against the operators' own CRDs at the pinned versions
/// (CustomResources).
/// </summary>
public static class KubernetesSchema
{
    /// <summary>"group/version/Kind" (or "v1/Kind" for the core group) → typed model.</summary>
    public static IReadOnlyDictionary<string, Type> BuiltInTypes { get; } = typeof(V1Pod).Assembly.GetTypes()
        .Select(type => (type, entity: type.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(t => t.entity is not null && !t.type.Name.EndsWith("List", StringComparison.Ordinal))
        .ToDictionary(
            t => $"{(string.IsNullOrEmpty(t.entity!.Group) ? "" : t.entity.Group + "/")}{t.entity.ApiVersion}/{t.entity.Kind}",
            t => t.type);

    /// <summary>Fields the Kubernetes API requires, for the models whose C# type cannot say so (reference types).</summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(V1DeploymentSpec)] = [nameof(V1DeploymentSpec.Selector), nameof(V1DeploymentSpec.Template)],
        [typeof(V1JobSpec)] = [nameof(V1JobSpec.Template)],
        [typeof(V1PodSpec)] = [nameof(V1PodSpec.Containers)],
        [typeof(V1Container)] = [nameof(V1Container.Name), nameof(V1Container.Image)],
        [typeof(V1EnvVar)] = [nameof(V1EnvVar.Name)],
        [typeof(V1SecretKeySelector)] = [nameof(V1SecretKeySelector.Key), nameof(V1SecretKeySelector.Name)],
        [typeof(V1ConfigMapKeySelector)] = [nameof(V1ConfigMapKeySelector.Key), nameof(V1ConfigMapKeySelector.Name)],
        [typeof(V1ConfigMapEnvSource)] = [nameof(V1ConfigMapEnvSource.Name)],
        [typeof(V1Volume)] = [nameof(V1Volume.Name)],
        [typeof(V1VolumeMount)] = [nameof(V1VolumeMount.Name), nameof(V1VolumeMount.MountPath)],
        [typeof(V1HTTPGetAction)] = [nameof(V1HTTPGetAction.Port)],
        [typeof(V1TCPSocketAction)] = [nameof(V1TCPSocketAction.Port)],
        [typeof(V1ExecAction)] = [nameof(V1ExecAction.Command)],
        [typeof(V1SeccompProfile)] = [nameof(V1SeccompProfile.Type)],
        [typeof(V1TopologySpreadConstraint)] = [nameof(V1TopologySpreadConstraint.TopologyKey), nameof(V1TopologySpreadConstraint.WhenUnsatisfiable)],
        [typeof(V1ServicePort)] = [nameof(V1ServicePort.Name)],
        [typeof(V1PodDisruptionBudgetSpec)] = [nameof(V1PodDisruptionBudgetSpec.Selector)],
        [typeof(V2HorizontalPodAutoscalerSpec)] = [nameof(V2HorizontalPodAutoscalerSpec.ScaleTargetRef)],
        [typeof(V2CrossVersionObjectReference)] = [nameof(V2CrossVersionObjectReference.Kind), nameof(V2CrossVersionObjectReference.Name)],
        [typeof(V2MetricSpec)] = [nameof(V2MetricSpec.Type)],
        [typeof(V2ResourceMetricSource)] = [nameof(V2ResourceMetricSource.Name), nameof(V2ResourceMetricSource.Target)],
        [typeof(V2MetricTarget)] = [nameof(V2MetricTarget.Type)],
        [typeof(V1NetworkPolicySpec)] = [nameof(V1NetworkPolicySpec.PodSelector)],
        [typeof(V1IPBlock)] = [nameof(V1IPBlock.Cidr)],
        [typeof(V1HTTPIngressPath)] = [nameof(V1HTTPIngressPath.Backend), nameof(V1HTTPIngressPath.PathType)],
        [typeof(V1HTTPIngressRuleValue)] = [nameof(V1HTTPIngressRuleValue.Paths)],
        [typeof(V1IngressServiceBackend)] = [nameof(V1IngressServiceBackend.Name)],
        [typeof(V1LabelSelectorRequirement)] = [nameof(V1LabelSelectorRequirement.Key), nameof(V1LabelSelectorRequirement.OperatorProperty)],
    };

    /// <summary>What is wrong with one rendered object; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(YamlMappingNode tree)
    {
        var manifest = (ApiVersion: Manifest.Scalar(tree, "apiVersion"), Kind: Manifest.Scalar(tree, "kind"));
        var key = $"{manifest.ApiVersion}/{manifest.Kind}";
        if (CustomResources.Defines(manifest.ApiVersion, manifest.Kind))
        {
            return CustomResources.Validate(tree);
        }

        if (!BuiltInTypes.ContainsKey(key))
        {
            return [$"{key}: not a Kubernetes kind (or apiVersion) known to the schema, nor a custom resource of an operator pinned in k8s/versions.yaml"];
        }

        object typed;
        try
        {
            typed = KubernetesYaml.LoadAllFromString(Manifest.Serialize(tree), strict: true).Single();
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
        {
            return [$"{key}: {ex.Message} {ex.InnerException?.Message}".Trim()];
        }

        var errors = new List<string>();
        var written = (YamlMappingNode)new YamlStream().Also(s => s.Load(new StringReader(KubernetesYaml.Serialize(typed)))).Documents[0].RootNode;
        CompareTrees(tree, written, key, errors);
        CheckRequired(typed, key, errors);
        ObjectMetadata.Validate(tree.Children.TryGetValue("metadata", out var metadata) ? metadata : new YamlMappingNode(), $"{key}.metadata", errors);
        return errors;
    }

    /// <summary>The tree as written must come back from the typed model unchanged.</summary>
    internal static void CompareTrees(YamlNode original, YamlNode written, string path, List<string> errors)
    {
        switch (original, written)
        {
            case (YamlMappingNode a, YamlMappingNode b):
                foreach (var (name, value) in a.Children)
                {
                    var field = $"{path}.{name}";
                    if (!b.Children.TryGetValue(name, out var other))
                    {
                        // An empty map ({}) may legitimately be dropped only where the model keeps it as "set".
                        if (!(value is YamlMappingNode { Children.Count: 0 } || value is YamlSequenceNode { Children.Count: 0 }))
                        {
                            errors.Add($"{field}: not part of the schema (dropped when read into the typed model)");
                        }

                        continue;
                    }

                    CompareTrees(value, other, field, errors);
                }

                foreach (var name in b.Children.Keys.Except(a.Children.Keys))
                {
                    errors.Add($"{path}.{name}: missing in the manifest (the model filled in '{Manifest.Serialize(b.Children[name]).Trim()}')");
                }

                break;
            case (YamlSequenceNode a, YamlSequenceNode b):
                if (a.Children.Count != b.Children.Count)
                {
                    errors.Add($"{path}: {a.Children.Count} items written, {b.Children.Count} read");
                    break;
                }

                for (var i = 0; i < a.Children.Count; i++)
                {
                    CompareTrees(a.Children[i], b.Children[i], $"{path}[{i}]", errors);
                }

                break;
            case (YamlScalarNode a, YamlScalarNode b):
                if (a.Value != b.Value)
                {
                    errors.Add($"{path}: '{a.Value}' read as '{b.Value}'");
                }

                break;
            default:
                errors.Add($"{path}: a {Shape(original)} where the schema has a {Shape(written)}");
                break;
        }
    }

    private static void CheckRequired(object? value, string path, List<string> errors)
    {
        switch (value)
        {
            case null or string or IntOrString or ResourceQuantity:
                return;
            case IDictionary:
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    CheckRequired(item, $"{path}[{i++}]", errors);
                }

                return;
        }

        var type = value.GetType();
        if (type.Namespace != typeof(V1Pod).Namespace)
        {
            return;
        }

        foreach (var name in Required.GetValueOrDefault(type, []))
        {
            var field = type.GetProperty(name)!;
            if (field.GetValue(value) is null or IList { Count: 0 })
            {
                errors.Add($"{path}.{JsonName(field)}: required");
            }
        }

        foreach (var property in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0))
        {
            CheckRequired(property.GetValue(value), $"{path}.{JsonName(property)}", errors);
        }
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;

    private static string Shape(YamlNode node) => node switch
    {
        YamlMappingNode => "map",
        YamlSequenceNode => "list",
        _ => "value",
    };


    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
