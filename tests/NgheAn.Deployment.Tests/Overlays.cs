using k8s;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>The overlays under test and what each promises; helpers to make bad copies of good objects.</summary>
public static class Overlays
{
    public static TheoryData<string> All => new(Repository.Overlays);

    public static IReadOnlyList<Manifest> Render(string overlay) => Manifest.Render(overlay);

    /// <summary>Production overlays run at least three replicas of everything; the others one.</summary>
    public static int MinReplicas(string overlay) => overlay.StartsWith("production", StringComparison.Ordinal) ? 3 : 1;

    public static IReadOnlyList<Manifest> Dev => Render("dev");

    public static IReadOnlyList<Manifest> Production => Render("production");

    /// <summary>A rendered overlay with one object (kind/name) changed on a copy.</summary>
    public static IReadOnlyList<Manifest> With<T>(IReadOnlyList<Manifest> manifests, string name, Action<T> change)
        where T : class
    {
        var target = manifests.Single(m => m.Typed is T && m.Name == name);
        var copy = KubernetesYaml.Deserialize<T>(KubernetesYaml.Serialize(target.Typed));
        change(copy);
        return manifests.Select(m => ReferenceEquals(m, target) ? Manifest.FromTyped(copy) : m).ToArray();
    }

    /// <summary>
    /// A rendered overlay with one object (kind/name) rewritten as YAML text, for custom resources that
    /// have no typed model. The edit must change something, or the test would prove nothing.
    /// </summary>
    public static IReadOnlyList<Manifest> Edited(IReadOnlyList<Manifest> manifests, string kind, string name, Func<string, string> edit)
    {
        var target = manifests.Single(m => m.Kind == kind && m.Name == name);
        var yaml = Manifest.Serialize(target.Tree);
        var edited = edit(yaml);
        Assert.NotEqual(yaml, edited);
        return manifests.Select(m => ReferenceEquals(m, target) ? Manifest.Parse(edited).Single() : m).ToArray();
    }

    public static IReadOnlyList<Manifest> Without(IReadOnlyList<Manifest> manifests, Func<Manifest, bool> drop) =>
        manifests.Where(m => !drop(m)).ToArray();

    public static IReadOnlyList<Manifest> Plus(IReadOnlyList<Manifest> manifests, string yaml) =>
        manifests.Concat(Manifest.Parse(yaml)).ToArray();
}
