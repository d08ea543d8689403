using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// Custom resources checked against the operators' own CRDs at the versions pinned in
/// k8s/versions.yaml (the released files, checked by SHA-256: CrdFiles). A custom resource is found
/// by group, version and kind; the version must be one the CRD serves and has not deprecated; then
/// the whole object is checked against that version's structural schema, strictly (a field the
/// schema does not declare is an error), and its metadata as ObjectMeta.
/// </summary>
public static class CustomResources
{
    /// <summary>One kind a CRD defines: the file it came from, and its schema per served version.</summary>
    public sealed record Definition(string Origin, string Group, string Kind, IReadOnlyDictionary<string, Version> Versions);

    public sealed record Version(string Name, bool Served, bool Deprecated, Lazy<StructuralSchema> Schema);

    /// <summary>"group/Kind" → its CRD, read once from the CRD files of every operator pinned in k8s/versions.yaml.</summary>
    public static IReadOnlyDictionary<string, Definition> Definitions => Catalogue.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, Definition>> Catalogue = new(Load);

    /// <summary>Whether an apiVersion/kind is a custom resource some vendored CRD defines (any version).</summary>
    public static bool Defines(string apiVersion, string kind) =>
        apiVersion.Contains('/', StringComparison.Ordinal) && Definitions.ContainsKey($"{apiVersion[..apiVersion.IndexOf('/')]}/{kind}");

    /// <summary>What is wrong with one custom resource; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(YamlMappingNode tree)
    {
        var apiVersion = Manifest.Scalar(tree, "apiVersion");
        var kind = Manifest.Scalar(tree, "kind");
        var name = tree.Children.TryGetValue("metadata", out var m) && m is YamlMappingNode meta ? Manifest.Scalar(meta, "name") : "";
        var where = $"{kind}/{name}";
        var slash = apiVersion.IndexOf('/');
        var (group, version) = (apiVersion[..Math.Max(slash, 0)], apiVersion[(slash + 1)..]);
        if (!Definitions.TryGetValue($"{group}/{kind}", out var definition))
        {
            return [$"{apiVersion}/{kind}: not a custom resource of an operator pinned in k8s/versions.yaml"];
        }

        if (!definition.Versions.TryGetValue(version, out var schema) || !schema.Served)
        {
            return [$"{where}: {apiVersion} is not served by the CRD in {definition.Origin} (served: {string.Join(", ", definition.Versions.Values.Where(v => v.Served).Select(v => $"{group}/{v.Name}"))})"];
        }

        var errors = new List<string>();
        if (schema.Deprecated)
        {
            errors.Add($"{where}: {apiVersion} is deprecated in {definition.Origin}");
        }

        if (tree.Children.ContainsKey("status"))
        {
            errors.Add($"{where}: status: written by the operator, not by a manifest");
        }

        var found = new List<string>();
        var withoutStatus = new YamlMappingNode(tree.Children.Where(kv => ((YamlScalarNode)kv.Key).Value != "status"));
        schema.Schema.Value.ValidateResource(withoutStatus, found);
        if (!tree.Children.ContainsKey("metadata"))
        {
            found.Add("metadata: required");
        }

        errors.AddRange(found.Distinct().Select(e => $"{where}: {e}"));
        return errors;
    }

    private static IReadOnlyDictionary<string, Definition> Load()
    {
        var definitions = new Dictionary<string, Definition>();
        foreach (var source in Pins.Current.Operators.SelectMany(o => o.Crds))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(CrdFiles.Read(source)));
            foreach (var crd in stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Where(d => Manifest.Scalar(d, "kind") == "CustomResourceDefinition"))
            {
                var spec = (YamlMappingNode)crd["spec"];
                var group = Manifest.Scalar(spec, "group");
                var kind = Manifest.Scalar((YamlMappingNode)spec["names"], "kind");
                var origin = $"{source.Repository} {source.Tag} {source.Path}";
                var versions = ((YamlSequenceNode)spec["versions"]).Children.Cast<YamlMappingNode>().ToDictionary(
                    v => Manifest.Scalar(v, "name"),
                    v => new Version(
                        Manifest.Scalar(v, "name"),
                        Manifest.Scalar(v, "served") == "true",
                        Manifest.Scalar(v, "deprecated") == "true",
                        new Lazy<StructuralSchema>(() => StructuralSchema.Read((YamlMappingNode)((YamlMappingNode)v["schema"])["openAPIV3Schema"]))));
                if (!definitions.TryAdd($"{group}/{kind}", new Definition(origin, group, kind, versions)))
                {
                    throw new InvalidOperationException(
                        $"{group}/{kind} is defined twice in k8s/versions.yaml ({definitions[$"{group}/{kind}"].Origin} and {origin}): pin one version of each operator.");
                }
            }
        }

        return definitions;
    }

}
