using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

public class RenderingTests
{
    [Fact]
    public void Dev_and_production_overlays_exist()
    {
        Assert.Contains("dev", Repository.Overlays);
        Assert.Contains("production", Repository.Overlays);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_overlay_renders_the_whole_platform_into_one_namespace(string overlay)
    {
        var manifests = Overlays.Render(overlay);

        var ns = Assert.Single(manifests, m => m.Kind == "Namespace").Name;
        Assert.All(manifests.Where(m => m.Kind != "Namespace"), m =>
            Assert.Equal(ns, ((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlMappingNode)m.Tree["metadata"])["namespace"]).Value));
        foreach (var app in new[] { "directives", "cadrework", "emulation", "supervision", "gateway" })
        {
            foreach (var kind in new[] { "Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "HorizontalPodAutoscaler" })
            {
                Assert.Contains(manifests, m => m.Kind == kind && m.Name == app);
            }

            Assert.Contains(manifests, m => m.Typed is V1ConfigMap && m.Name.StartsWith(app + "-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Rendering_a_broken_kustomization_fails_loudly()
    {
        var dir = Directory.CreateTempSubdirectory("kustomize-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
            var error = Assert.Throws<InvalidOperationException>(() => Tools.Kustomize(dir.FullName));
            Assert.Contains("missing.yaml", error.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
