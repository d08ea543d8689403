using k8s;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// One rendered object: its YAML tree as written and, for built-in kinds, the typed Kubernetes
/// model read from it (KubernetesClient). Custom resources have no typed model.
/// </summary>
public sealed record Manifest(string ApiVersion, string Kind, string Name, YamlMappingNode Tree, object? Typed)
{
    public override string ToString() => $"{Kind}/{Name}";

    public T As<T>() => (T)(Typed ?? throw new InvalidOperationException($"{this} has no typed model."));

    /// <summary>The objects `kubectl kustomize` renders for an overlay, read into typed models.</summary>
    public static IReadOnlyList<Manifest> Render(string overlay) =>
        Parse(Tools.Kustomize(Path.Combine(Repository.K8s, "overlays", overlay)));

    public static IReadOnlyList<Manifest> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(document => (YamlMappingNode)document.RootNode)
            .Select(FromTree)
            .ToArray();
    }

    public static Manifest FromTree(YamlMappingNode tree)
    {
        var apiVersion = Scalar(tree, "apiVersion");
        var kind = Scalar(tree, "kind");
        var name = tree.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode meta
            ? Scalar(meta, "name")
            : "";
        object? typed = null;
        if (KubernetesSchema.BuiltInTypes.ContainsKey($"{apiVersion}/{kind}"))
        {
            // strict: a field the model does not know (a misspelling, a wrong level) throws.
            typed = KubernetesYaml.LoadAllFromString(Serialize(tree), strict: true).Single();
        }

        return new Manifest(apiVersion, kind, name, tree, typed);
    }

    /// <summary>The same object built from a typed model (for tests that feed bad manifests).</summary>
    public static Manifest FromTyped(object typed) => Parse(KubernetesYaml.Serialize(typed)).Single();

    public static string Serialize(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>The text of a scalar field of a map, or "" when it is absent or not a scalar.</summary>
    public static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}
