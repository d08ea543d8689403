using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>k8s/versions.yaml pins every third-party version once; these prove the rest of the repository follows it.</summary>
public class PinTests
{
    private static string Runbook => File.ReadAllText(Path.Combine(Repository.K8s, "README.md"));

    private static string BuildTargets => File.ReadAllText(Path.Combine(Repository.Root, "Directory.Build.targets"));

    [Fact]
    public void Every_pin_is_complete_current_and_at_or_above_its_minimum() =>
        Violations.None(PinPolicy.Check(Pins.Current));

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_third_party_image_an_overlay_runs_is_the_pinned_one(string overlay) =>
        Violations.None(PinPolicy.CheckImages(Overlays.Render(overlay), Pins.Current));

    [Fact]
    public void The_platform_images_are_built_on_the_pinned_ASP_NET_image() =>
        Violations.None(PinPolicy.CheckBaseImage(BuildTargets, Pins.Current));

    [Fact]
    public void The_runbook_installs_the_pinned_operators() =>
        Violations.None(PinPolicy.CheckRunbook(Runbook, Pins.Current));

    [Fact]
    public void Every_pinned_operator_brings_the_CRDs_its_custom_resources_are_checked_against()
    {
        var origins = CustomResources.Definitions.Values.Select(d => d.Origin.Split(' ')[0]).Distinct().Order();

        Assert.Equal(Pins.Current.Operators.Where(o => o.Crds.Count > 0).Select(o => o.Repository).Order(), origins);
        foreach (var kind in new[] { "postgresql.cnpg.io/Cluster", "postgresql.cnpg.io/ScheduledBackup", "barmancloud.cnpg.io/ObjectStore", "rabbitmq.com/RabbitmqCluster", "gateway.networking.k8s.io/HTTPRoute", "gateway.networking.k8s.io/GRPCRoute", "monitoring.coreos.com/PrometheusRule" })
        {
            Assert.Contains(kind, CustomResources.Definitions.Keys);
        }
    }

    [Theory]
    [InlineData("redis", "7.4.5-alpine", "redis:7.4.5-alpine: 7.4.5 is below the minimum 8.6.3 (CVE-2026-23479")]
    [InlineData("redis", "8.2.1-alpine", "below the minimum 8.6.3")]
    [InlineData("ghcr.io/cloudnative-pg/postgresql", "17.5", "ghcr.io/cloudnative-pg/postgresql:17.5: 17.5 is below the minimum 17.6 (CVE-2025-8714")]
    [InlineData("rabbitmq", "4.1.2-management", "rabbitmq:4.1.2-management: 4.1.2 is below the minimum 4.2.0")]
    [InlineData("redis", "8-alpine", "redis:8-alpine: '8' is not an exact version")]
    public void A_downgraded_image_pin_is_caught(string image, string tag, string expected)
    {
        var pins = Pins.Current with
        {
            Images = Pins.Current.Images.Select(i => i.Name == image ? i with { Tag = tag } : i).ToArray(),
        };

        Violations.Found(PinPolicy.Check(pins), expected);
    }

    [Fact]
    public void An_end_of_life_operator_pin_is_caught()
    {
        var pins = Pins.Current with
        {
            Operators = Pins.Current.Operators.Select(o => o.Repository == "cloudnative-pg/cloudnative-pg" ? o with { Version = "1.26.0" } : o).ToArray(),
        };

        Violations.Found(PinPolicy.Check(pins), "cloudnative-pg/cloudnative-pg: 1.26.0 is below the minimum 1.30.0 (1.29.x reached end of life");
        Violations.Found(PinPolicy.Check(pins), "CRD file releases/cnpg-1.30.0.yaml is taken at v1.30.0, not at the pinned 1.26.0");
    }

    [Fact]
    public void A_pin_without_its_reasons_is_caught()
    {
        var pins = Pins.Current with
        {
            Images = Pins.Current.Images.Select(i => i.Name == "redis" ? i with { About = i.About with { Cves = " ", MinimumReason = "" } } : i).ToArray(),
        };

        Violations.Found(PinPolicy.Check(pins), "redis:8.10.2-alpine: says nothing about cves, minimumReason");
    }

    [Theory]
    [InlineData("redis:7.4.5-alpine", "Deployment/redis: container redis: image 'redis:7.4.5-alpine' is not the pinned 'redis:8.10.2-alpine'")]
    [InlineData("redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "is not the pinned 'redis:8.10.2-alpine'")]
    [InlineData("busybox:1.37.0", "Deployment/redis: container redis: image 'busybox:1.37.0' has no pin in k8s/versions.yaml")]
    public void An_overlay_image_that_is_not_the_pin_is_caught(string image, string expected)
    {
        var manifests = Overlays.Plus(Overlays.Dev, $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: redis}
            spec:
              selector: {matchLabels: {app: redis}}
              template:
                metadata: {labels: {app: redis}}
                spec: {containers: [{name: redis, image: "{{{image}}}"}]}
            """);

        Violations.Found(PinPolicy.CheckImages(manifests, Pins.Current), expected);
    }

    [Fact]
    public void A_custom_resource_image_that_is_not_the_pin_is_caught()
    {
        var manifests = Overlays.Plus(Overlays.Dev, """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: old-db}
            spec: {instances: 1, imageName: "ghcr.io/cloudnative-pg/postgresql:17.5"}
            """);

        Violations.Found(PinPolicy.CheckImages(manifests, Pins.Current), "Cluster/old-db: image 'ghcr.io/cloudnative-pg/postgresql:17.5' is not the pinned 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie'");
    }

    [Fact]
    public void A_base_image_that_is_not_the_pin_is_caught() =>
        Violations.Found(
            PinPolicy.CheckBaseImage(BuildTargets.Replace("aspnet:10.0.15-", "aspnet:10.0.12-", StringComparison.Ordinal), Pins.Current),
            "ContainerBaseImage 'mcr.microsoft.com/dotnet/aspnet:10.0.12-noble-chiseled-extra' is not the pinned 'mcr.microsoft.com/dotnet/aspnet:10.0.15-noble-chiseled-extra'");

    [Theory]
    [InlineData("kubectl apply --server-side -f https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.26/releases/cnpg-1.26.0.yaml", "installs cloudnative-pg/cloudnative-pg 1.26.0, not the pinned 1.30.0")]
    [InlineData("kubectl apply -f https://github.com/rabbitmq/cluster-operator/releases/download/v2.15.0/cluster-operator.yml", "installs rabbitmq/cluster-operator 2.15.0, not the pinned 2.22.3")]
    [InlineData("docker run redis:7.4.5-alpine", "mentions redis:7.4.5-alpine, not the pinned redis:8.10.2-alpine")]
    public void A_runbook_that_installs_another_version_is_caught(string line, string expected) =>
        Violations.Found(PinPolicy.CheckRunbook(Runbook + "\n" + line + "\n", Pins.Current), expected);

    [Fact]
    public void A_runbook_without_an_install_command_is_caught() =>
        Violations.Found(
            PinPolicy.CheckRunbook(Runbook.Replace("releases/download/v0.14.0/manifest.yaml", "releases/latest/download/manifest.yaml", StringComparison.Ordinal), Pins.Current),
            "k8s/README.md: no install command with https://github.com/cloudnative-pg/plugin-barman-cloud/releases/download/v0.14.0/manifest.yaml");

    /// <summary>The platform's own images follow the overlays' `images:` (ImagePolicy), so a new version of them needs no pin.</summary>
    [Fact]
    public void The_platform_images_are_not_pinned_here()
    {
        var manifests = Overlays.With<V1Deployment>(Overlays.Dev, "directives", d => d.Spec.Template.Spec.Containers[0].Image = "ghcr.io/nghean/directives:0.2.0");

        Violations.None(PinPolicy.CheckImages(manifests, Pins.Current));
    }
}
