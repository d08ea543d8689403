using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests;

public class DependencyPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void RabbitMQ_and_Redis_are_sized_and_set_up_to_keep_their_promises(string overlay) =>
        Violations.None(DependencyPolicy.Check(Overlays.Render(overlay)));

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_stream_retention_is_set_well_below_the_broker_volume(string overlay)
    {
        var manifests = Overlays.Render(overlay);
        var stream = DependencyPolicy.StreamRetention(manifests);
        Assert.NotNull(stream);
        foreach (var cluster in manifests.Where(m => m.Kind == "RabbitmqCluster"))
        {
            var volume = (long)new ResourceQuantity(cluster.Tree["spec"]["persistence"]["storage"].ToString()).ToDecimal();
            Assert.True(stream.MaxLengthBytes <= volume / 2, $"{overlay}: the stream may take {stream.MaxLengthBytes} of a {volume}-byte volume");
        }
    }

    [Fact]
    public void Dev_as_it_was_is_caught_a_2_GiB_volume_below_the_stream_and_the_free_disk_limit()
    {
        var manifests = WithRabbitMq(Overlays.Dev, spec => ((YamlMappingNode)spec["persistence"]).Children["storage"] = new YamlScalarNode("2Gi"));

        Violations.Found(DependencyPolicy.Check(manifests), "RabbitmqCluster/rabbitmq: a 2 GiB volume is too small for the analysts' stream (2 GiB + one 0.1 GiB segment), the free-disk limit (1.86 GiB) and 25% for quorum queues");
    }

    [Fact]
    public void Production_as_it_was_is_caught_a_20_GiB_stream_on_a_20_GiB_volume()
    {
        var manifests = Overlays.With<V1ConfigMap>(
            WithRabbitMq(Overlays.Production, spec => ((YamlMappingNode)spec["persistence"]).Children["storage"] = new YamlScalarNode("20Gi")),
            PlatformConfigMapName(Overlays.Production), c => c.Data["Messaging__Stream__MaxLengthBytes"] = (20 * DependencyPolicy.GiB).ToString());

        Violations.Found(DependencyPolicy.Check(manifests), "RabbitmqCluster/rabbitmq: a 20 GiB volume is too small");
    }

    [Theory]
    [InlineData("no stream limit", "Messaging__Stream__MaxLengthBytes and Messaging__Stream__MaxSegmentSizeBytes must be set")]
    public void A_stream_without_retention_is_caught(string what, string expected)
    {
        Assert.NotNull(what);
        var manifests = Overlays.With<V1ConfigMap>(Overlays.Render("production-managed"), PlatformConfigMapName(Overlays.Render("production-managed")),
            c => c.Data.Remove("Messaging__Stream__MaxLengthBytes"));

        Violations.Found(DependencyPolicy.Check(manifests), expected);
    }

    [Theory]
    [InlineData("memory requests below limits", "memory requests must equal limits")]
    [InlineData("an absolute watermark", "the memory high watermark must follow the memory limit")]
    [InlineData("no free-disk limit", "disk_free_limit.absolute must be set")]
    public void A_broker_set_up_wrongly_is_caught(string mistake, string expected)
    {
        var manifests = WithRabbitMq(Overlays.Production, spec =>
        {
            var config = (YamlMappingNode)spec["rabbitmq"];
            var text = config["additionalConfig"].ToString();
            switch (mistake)
            {
                case "memory requests below limits":
                    ((YamlMappingNode)spec["resources"]["requests"]).Children["memory"] = new YamlScalarNode("1Gi");
                    break;
                case "an absolute watermark":
                    config.Children["additionalConfig"] = new YamlScalarNode(text + "vm_memory_high_watermark.absolute = 3GB\n");
                    break;
                default:
                    config.Children["additionalConfig"] = new YamlScalarNode(string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("disk_free_limit", StringComparison.Ordinal))));
                    break;
            }
        });

        Violations.Found(DependencyPolicy.Check(manifests), "RabbitmqCluster/rabbitmq: " + expected);
    }

    [Fact]
    public void A_broker_without_its_disruption_budget_is_caught()
    {
        var manifests = Overlays.Without(Overlays.Production, m => m.Kind == "PodDisruptionBudget" && m.Name == "rabbitmq");

        Violations.Found(DependencyPolicy.Check(manifests), "RabbitmqCluster/rabbitmq: one PodDisruptionBudget with maxUnavailable 1 must select its pods");
    }

    [Fact]
    public void Redis_without_persistence_is_caught()
    {
        var manifests = Overlays.With<V1StatefulSet>(Overlays.Production, "redis", s =>
        {
            s.Spec.VolumeClaimTemplates = null;
            s.Spec.Template.Spec.Volumes.Add(new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() });
        });

        Violations.Found(DependencyPolicy.Check(manifests), "StatefulSet/redis: /data (Redis's dir) must be a volume claim template");
    }

    [Theory]
    [InlineData("appendonly yes", "appendonly no", "redis.conf must set appendonly yes (found: no)")]
    [InlineData("appendfsync everysec", "appendfsync no", "redis.conf must set appendfsync everysec (found: no)")]
    [InlineData("maxmemory-policy noeviction", "maxmemory-policy allkeys-lru", "redis.conf must set maxmemory-policy noeviction (found: allkeys-lru)")]
    [InlineData("maxmemory 512mb", "maxmemory 1gb", "maxmemory must be set and at most half the memory limit")]
    public void Redis_that_would_forget_or_evict_idempotency_records_is_caught(string line, string replacement, string expected)
    {
        var name = Workloads.OfKind<V1ConfigMap>(Overlays.Production).Single(c => c.Metadata.Name.StartsWith("redis-config-", StringComparison.Ordinal)).Metadata.Name;
        var manifests = Overlays.With<V1ConfigMap>(Overlays.Production, name, c =>
        {
            Assert.Contains("\n" + line + "\n", c.Data["redis.conf"], StringComparison.Ordinal);
            c.Data["redis.conf"] = c.Data["redis.conf"].Replace("\n" + line + "\n", "\n" + replacement + "\n", StringComparison.Ordinal);
        });

        Violations.Found(DependencyPolicy.Check(manifests), "StatefulSet/redis: " + expected);
    }

    [Theory]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1G", 1L << 30)]
    [InlineData("1048576", 1048576L)]
    public void RabbitMQ_sizes_are_read_in_its_units(string value, long bytes) => Assert.Equal(bytes, DependencyPolicy.RabbitMqBytes(value));

    [Theory]
    [InlineData("512mb", 512L << 20)]
    [InlineData("512m", 512_000_000L)]
    [InlineData("1GB", 1L << 30)]
    public void Redis_sizes_are_read_in_its_units(string value, long bytes) => Assert.Equal(bytes, DependencyPolicy.RedisBytes(value));

    private static string PlatformConfigMapName(IReadOnlyList<Manifest> manifests) =>
        Workloads.OfKind<V1ConfigMap>(manifests).Single(c => c.Metadata.Name.StartsWith("platform-", StringComparison.Ordinal)).Metadata.Name;

    /// <summary>The overlay with its RabbitmqCluster's spec changed on a copy.</summary>
    private static IReadOnlyList<Manifest> WithRabbitMq(IReadOnlyList<Manifest> manifests, Action<YamlMappingNode> change)
    {
        var cluster = manifests.Single(m => m.Kind == "RabbitmqCluster");
        var copy = Manifest.Parse(Manifest.Serialize(cluster.Tree)).Single();
        change((YamlMappingNode)copy.Tree["spec"]);
        return manifests.Select(m => ReferenceEquals(m, cluster) ? copy : m).ToArray();
    }
}
