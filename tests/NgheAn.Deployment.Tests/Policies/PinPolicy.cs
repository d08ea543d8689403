using System.Text.RegularExpressions;
using System.Xml.Linq;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// Third-party versions are pinned once, in k8s/versions.yaml, and everything else follows: the
/// images the overlays run, the base image of the platform's own images, the operators' install
/// commands in the runbook and the CRD files the tests validate against. No pin is below its
/// minimum (an end-of-life line or a CVE fix), and every pin says why it is there.
/// </summary>
public static partial class PinPolicy
{
    /// <summary>The platform's own images: versioned by the overlays' `images:` (ImagePolicy), not pinned here.</summary>
    public const string PlatformImages = "ghcr.io/nghean/";

    /// <summary>Each pin is complete, an exact version, at or above its minimum; operators' CRD files are at the pinned tag.</summary>
    public static IEnumerable<string> Check(Pins.Catalogue pins)
    {
        var all = pins.Operators.Select(o => (Name: o.Repository, o.About, o.Version))
            .Concat(pins.Images.Select(i => (Name: i.Reference, i.About, i.Version)));
        foreach (var (name, about, version) in all)
        {
            var blank = new[] { ("component", about.Component), ("source", about.Source), ("supported", about.Supported), ("cves", about.Cves), ("minimumReason", about.MinimumReason) }
                .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
            if (blank.Count > 0)
            {
                yield return $"{name}: says nothing about {string.Join(", ", blank)}";
            }

            if (!ExactVersion().IsMatch(version))
            {
                yield return $"{name}: '{version}' is not an exact version (major.minor at least)";
            }
            else if (Pins.Version(about.Minimum) is not { Length: > 0 } minimum)
            {
                yield return $"{name}: no minimum version";
            }
            else if (Pins.Compare(version, minimum) < 0)
            {
                yield return $"{name}: {version} is below the minimum {minimum} ({about.MinimumReason})";
            }
        }

        foreach (var image in pins.Images.Where(i => i.Tag.Contains('@', StringComparison.Ordinal) || i.Name.Contains('@', StringComparison.Ordinal)))
        {
            yield return $"{image.Reference}: pin a tag with its version, not a digest";
        }

        foreach (var op in pins.Operators)
        {
            foreach (var crd in op.Crds.Where(c => Pins.Version(c.Tag) != op.Version))
            {
                yield return $"{op.Repository}: CRD file {crd.Path} is taken at {crd.Tag}, not at the pinned {op.Version}";
            }

            foreach (var url in op.Install.Where(u => !VersionsIn(u).All(v => v == op.Version) || !VersionsIn(u).Any()))
            {
                yield return $"{op.Repository}: install command {url} is not for the pinned {op.Version}";
            }
        }
    }

    /// <summary>Every image an overlay runs is the platform's own or exactly a pinned third-party image.</summary>
    public static IEnumerable<string> CheckImages(IEnumerable<Manifest> manifests, Pins.Catalogue pins)
    {
        foreach (var (where, image) in ImagePolicy.Images(manifests))
        {
            if (image is null || image.StartsWith(PlatformImages, StringComparison.Ordinal))
            {
                continue; // a missing image is ImagePolicy's finding
            }

            var name = image.Contains('@', StringComparison.Ordinal) ? image[..image.IndexOf('@')] : image[..Math.Max(image.LastIndexOf(':'), 0)];
            var pin = pins.Images.FirstOrDefault(p => p.Name == name || p.Name == image);
            if (pin is null)
            {
                yield return $"{where}: image '{image}' has no pin in k8s/versions.yaml";
            }
            else if (image != pin.Reference)
            {
                yield return $"{where}: image '{image}' is not the pinned '{pin.Reference}' (k8s/versions.yaml)";
            }
        }
    }

    /// <summary>The base image of the platform's own images (ContainerBaseImage in Directory.Build.targets) is the pinned one.</summary>
    public static IEnumerable<string> CheckBaseImage(string directoryBuildTargets, Pins.Catalogue pins)
    {
        var baseImages = XDocument.Parse(directoryBuildTargets).Descendants("ContainerBaseImage").Select(e => e.Value.Trim()).ToList();
        if (baseImages.Count == 0)
        {
            yield return "Directory.Build.targets: no ContainerBaseImage";
        }

        foreach (var image in baseImages)
        {
            var name = image[..Math.Max(image.LastIndexOf(':'), 0)];
            var pin = pins.Images.FirstOrDefault(p => p.Name == name);
            if (pin is null || pin.Reference != image)
            {
                yield return $"Directory.Build.targets: ContainerBaseImage '{image}' is not the pinned '{pin?.Reference ?? name + " (no pin)"}' (k8s/versions.yaml)";
            }
        }
    }

    /// <summary>
    /// The runbook installs each operator with the pinned release: every install command of
    /// versions.yaml appears in it, and no link to an operator's release names another version.
    /// </summary>
    public static IEnumerable<string> CheckRunbook(string runbook, Pins.Catalogue pins)
    {
        foreach (var url in pins.Operators.SelectMany(o => o.Install).Where(u => !runbook.Contains(u, StringComparison.Ordinal)))
        {
            yield return $"k8s/README.md: no install command with {url}";
        }

        foreach (Match link in Url().Matches(runbook))
        {
            var op = pins.Operators.FirstOrDefault(o => link.Value.Contains($"/{o.Repository}/", StringComparison.Ordinal));
            var other = op is null ? [] : VersionsIn(link.Value).Where(v => v != op.Version).ToList();
            if (other.Count > 0)
            {
                yield return $"k8s/README.md: {link.Value} installs {op!.Repository} {string.Join(", ", other)}, not the pinned {op.Version}";
            }
        }

        foreach (var image in pins.Images)
        {
            foreach (Match mention in Regex.Matches(runbook, Regex.Escape(image.Name) + @":([0-9][\w.-]*)"))
            {
                if (mention.Value != image.Reference)
                {
                    yield return $"k8s/README.md: mentions {mention.Value}, not the pinned {image.Reference}";
                }
            }
        }
    }

    /// <summary>The x.y.z versions in a link ("release-1.30" names a branch, not a version).</summary>
    private static IEnumerable<string> VersionsIn(string url) => ThreePartVersion().Matches(url).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\d+\.\d+(\.\d+)?$")]
    private static partial Regex ExactVersion();

    [GeneratedRegex(@"(?<![\d.])v?(\d+\.\d+\.\d+)(?![\d.]*\d)")]
    private static partial Regex ThreePartVersion();

    [GeneratedRegex(@"https://[^\s)`'""]+")]
    private static partial Regex Url();
}
