using System.Text.Json;
using System.Text.RegularExpressions;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>
/// The images are built by the .NET SDK (`dotnet publish -t:PublishContainer`, k8s/README.md). Building
/// one needs the base image from the registry, which these machines cannot reach, so this checks the
/// settings MSBuild evaluates for each deployable project: a pinned base image, a non-root user, and
/// the repository the manifests deploy.
/// </summary>
public partial class ContainerImageTests
{
    public static TheoryData<string, string> Deployables => new()
    {
        { "services/Directives/NgheAn.Directives.csproj", "directives" },
        { "services/CadreWork/NgheAn.CadreWork.csproj", "cadrework" },
        { "services/Emulation/NgheAn.Emulation.csproj", "emulation" },
        { "services/Supervision/NgheAn.Supervision.csproj", "supervision" },
        { "gateway/NgheAn.Gateway.csproj", "gateway" },
    };

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Each_app_publishes_a_pinned_non_root_image_that_the_manifests_deploy(string project, string deployment)
    {
        var properties = Evaluate(project, "ContainerRegistry", "ContainerRepository", "ContainerBaseImage", "ContainerUser", "ContainerImageTag");

        Assert.Matches(PinnedAspNetImage(), properties["ContainerBaseImage"]);
        Assert.Null(ImagePolicy.Problem(properties["ContainerBaseImage"]));
        Assert.True(int.TryParse(properties["ContainerUser"], out var uid) && uid > 0, $"ContainerUser '{properties["ContainerUser"]}' must be a non-root uid");
        Assert.Null(ImagePolicy.Problem($"x:{properties["ContainerImageTag"]}"));

        var repository = $"{properties["ContainerRegistry"]}/{properties["ContainerRepository"]}";
        foreach (var overlay in Repository.Overlays)
        {
            var images = Workloads.PodTemplates(Overlays.Render(overlay)).Where(p => p.Owner.Name == deployment)
                .SelectMany(p => p.AllContainers).Select(c => c.Image).ToList();
            Assert.NotEmpty(images);
            Assert.All(images, image => Assert.StartsWith(repository + ":", image, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_web_project_in_the_solution_is_deployed()
    {
        var webProjects = Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && File.ReadAllText(p).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/'))
            .Order();

        Assert.Equal(Deployables.Select(row => (string)row[0]).Order(), webProjects);
    }

    private static Dictionary<string, string> Evaluate(string project, params string[] names)
    {
        var output = Tools.Run("dotnet", ["msbuild", Path.Combine(Repository.Root, project), "-nologo", .. names.Select(n => $"-getProperty:{n}")]);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>An exact .NET runtime version of the ASP.NET Core image: 10.0.15-noble-chiseled-extra, not 10.0 or latest.</summary>
    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/aspnet:\d+\.\d+\.\d+(-[a-z-]+)?$")]
    private static partial Regex PinnedAspNetImage();
}
