using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// The <c>metadata</c> of an object as the API server checks it (ObjectMeta): only ObjectMeta's
/// fields, with their types (read strictly into KubernetesClient's V1ObjectMeta); a name that is a
/// DNS subdomain; label keys and values and annotation keys in the forms Kubernetes accepts.
/// CRD schemas leave metadata to the server, so custom resources are checked here.
/// </summary>
public static partial class ObjectMetadata
{
    public static void Validate(YamlNode node, string path, List<string> errors, bool nameRequired = true)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"{path}: not a map");
            return;
        }

        V1ObjectMeta meta;
        try
        {
            meta = KubernetesYaml.Deserialize<V1ObjectMeta>(Manifest.Serialize(map), strict: true);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
        {
            errors.Add($"{path}: {ex.Message} {ex.InnerException?.Message}".Trim());
            return;
        }

        KubernetesSchema.CompareTrees(map, Reread(meta), path, errors);
        if (string.IsNullOrEmpty(meta.Name))
        {
            if (nameRequired && string.IsNullOrEmpty(meta.GenerateName))
            {
                errors.Add($"{path}.name: required");
            }
        }
        else if (meta.Name.Length > 253 || !DnsSubdomain().IsMatch(meta.Name))
        {
            errors.Add($"{path}.name: '{meta.Name}' is not a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253)");
        }

        foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
        {
            CheckKey(key, $"{path}.labels", errors);
            if (value.Length > 63 || !LabelValue().IsMatch(value))
            {
                errors.Add($"{path}.labels.{key}: '{value}' is not a label value (at most 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
            }
        }

        foreach (var key in (meta.Annotations ?? new Dictionary<string, string>()).Keys)
        {
            CheckKey(key, $"{path}.annotations", errors);
        }
    }

    /// <summary>A label or annotation key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters.</summary>
    private static void CheckKey(string key, string path, List<string> errors)
    {
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
        if ((slash >= 0 && (prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))) || name.Length > 63 || !QualifiedName().IsMatch(name))
        {
            errors.Add($"{path}.{key}: not a valid key (optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_', '.')");
        }
    }

    private static YamlMappingNode Reread(V1ObjectMeta meta)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(KubernetesYaml.Serialize(meta)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
