using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// k8s/versions.yaml: every third-party version the platform runs (operators and images), each
/// with where it came from, its support, the CVEs it is past and the lowest version allowed.
/// </summary>
public static partial class Pins
{
    public static string File => Path.Combine(Repository.K8s, "versions.yaml");

    /// <summary>What every pin says about itself (PinPolicy checks none is blank).</summary>
    public sealed record About(string Component, string Source, string Supported, string Cves, string Minimum, string MinimumReason);

    /// <summary>A CRD file of an operator: the repository's file at a tag, with the SHA-256 it must have.</summary>
    public sealed record CrdSource(string Repository, string Tag, string Path, string Sha256)
    {
        public Uri Url => new($"https://raw.githubusercontent.com/{Repository}/{Tag}/{Path}");
    }

    public sealed record Operator(About About, string Repository, string Version, IReadOnlyList<string> Install, IReadOnlyList<CrdSource> Crds);

    public sealed record Image(About About, string Name, string Tag)
    {
        public string Reference => $"{Name}:{Tag}";

        public string Version => Pins.Version(Tag);
    }

    public sealed record Catalogue(IReadOnlyList<Operator> Operators, IReadOnlyList<Image> Images);

    public static Catalogue Current => Loaded.Value;

    private static readonly Lazy<Catalogue> Loaded = new(() => Parse(System.IO.File.ReadAllText(File)));

    public static Catalogue Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var operators = Entries(root, "operators").Select(o => new Operator(
            Describe(o),
            Manifest.Scalar(o, "repository"),
            Manifest.Scalar(o, "version"),
            List(o, "install").Select(n => ((YamlScalarNode)n).Value ?? "").ToArray(),
            List(o, "crds").Cast<YamlMappingNode>()
                .Select(c => new CrdSource(Manifest.Scalar(o, "repository"), Manifest.Scalar(c, "tag"), Manifest.Scalar(c, "path"), Manifest.Scalar(c, "sha256"))).ToArray()));
        var images = Entries(root, "images").Select(i => new Image(Describe(i), Manifest.Scalar(i, "image"), Manifest.Scalar(i, "tag")));
        return new Catalogue(operators.ToArray(), images.ToArray());
    }

    /// <summary>The numeric version at the start of a tag: "v1.30.0" → "1.30.0", "18.4-system-trixie" → "18.4".</summary>
    public static string Version(string tag) => LeadingVersion().Match(tag) is { Success: true } m ? m.Groups[1].Value : "";

    /// <summary>Compares dotted numeric versions ("8.10.2" &gt; "8.6.3"); missing parts count as 0.</summary>
    public static int Compare(string a, string b)
    {
        var (x, y) = (Parts(a), Parts(b));
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var order = x.ElementAtOrDefault(i).CompareTo(y.ElementAtOrDefault(i));
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    private static long[] Parts(string version) =>
        version.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => long.TryParse(p, out var n) ? n : 0).ToArray();

    private static About Describe(YamlMappingNode node) => new(
        Manifest.Scalar(node, "component"), Manifest.Scalar(node, "source"), Manifest.Scalar(node, "supported"), Manifest.Scalar(node, "cves"), Manifest.Scalar(node, "minimum"), Manifest.Scalar(node, "minimumReason"));

    private static IEnumerable<YamlMappingNode> Entries(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(key, out var list) && list is YamlSequenceNode sequence ? sequence.Children.Cast<YamlMappingNode>() : [];

    private static IEnumerable<YamlNode> List(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var list) && list is YamlSequenceNode sequence ? sequence.Children : [];


    [GeneratedRegex(@"^v?(\d+(\.\d+)*)")]
    private static partial Regex LeadingVersion();
}
