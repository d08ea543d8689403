namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string K8s => Path.Combine(Root, "k8s");

    /// <summary>Every overlay under k8s/overlays: what operators apply.</summary>
    public static IReadOnlyList<string> Overlays { get; } =
        Directory.GetDirectories(Path.Combine(FindRoot(), "k8s", "overlays")).Select(Path.GetFileName).OfType<string>().Order().ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NgheAn.Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NgheAn.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
