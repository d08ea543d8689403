using System.Text.RegularExpressions;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>Every image, in pod templates and in custom resources, names an explicit version: no `latest`, no missing tag.</summary>
public static partial class ImagePolicy
{
    /// <summary>Image fields of the custom resources that run an image (CloudNativePG Cluster, RabbitmqCluster, Keycloak): each must name it, so that it is pinned here rather than by the operator's default.</summary>
    private static readonly Dictionary<string, string> CustomImageFields = new()
    {
        ["Cluster"] = "imageName",
        ["RabbitmqCluster"] = "image",
        ["Keycloak"] = "image",
    };

    /// <summary>Every image a rendered overlay runs: containers of pod templates and the image fields of custom resources.</summary>
    public static IEnumerable<(string Where, string? Image)> Images(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        return PodTemplates(list)
            .SelectMany(pod => pod.AllContainers.Select(c => (Where: $"{pod}: container {c.Name}", Image: (string?)c.Image)))
            .Concat(list.Where(m => m.Typed is null && CustomImageFields.ContainsKey(m.Kind))
                .Select(m => (Where: m.ToString(), Image: SpecField(m, CustomImageFields[m.Kind]))));
    }

    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests)
    {
        foreach (var (where, image) in Images(manifests))
        {
            if (Problem(image) is { } problem)
            {
                yield return $"{where}: image '{image}' {problem}";
            }
        }
    }

    /// <summary>Why an image reference is not pinned to a version, or null when it is.</summary>
    public static string? Problem(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return "is missing";
        }

        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return null; // a digest pins exactly
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        if (colon < lastSlash || colon < 0)
        {
            return "has no tag";
        }

        var tag = image[(colon + 1)..];
        return tag == "latest" ? "uses the tag 'latest'"
            : !VersionTag().IsMatch(tag) ? "has a tag that names no version"
            : null;
    }

    [GeneratedRegex(@"^v?\d+(\.\d+)*([-.+][0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionTag();

    private static string? SpecField(Manifest manifest, string field) =>
        manifest.Tree.Children.TryGetValue("spec", out var spec) && spec is YamlMappingNode map
            && map.Children.TryGetValue(field, out var value) && value is YamlScalarNode scalar
            ? scalar.Value
            : null;
}
