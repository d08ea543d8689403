using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// RabbitMQ and Redis in the cluster are sized and set up so that they keep what they promise:
/// the analysts' stream, the free-disk limit and headroom for quorum queues fit the broker's volume;
/// the broker's memory is reserved (requests = limits) and a node drain takes one node at a time;
/// Redis writes every change to an append-only file on a volume and never evicts (an evicted
/// idempotency record would let a retried write run twice).
/// </summary>
public static partial class DependencyPolicy
{
    public const long GiB = 1L << 30;

    /// <summary>
    /// What the broker's volume must keep free besides the stream and the free-disk limit: quorum
    /// queues (their write-ahead log and segments; messages that pile up while a consumer is down),
    /// error queues and the broker's metadata. A quarter of the volume.
    /// </summary>
    public const double QuorumQueueShare = 0.25;

    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        return StreamSettings(list).Concat(RabbitMq(list)).Concat(Redis(list));
    }

    /// <summary>The analysts' stream's retention as the services read it (platform ConfigMap), set explicitly in every overlay.</summary>
    public sealed record Stream(long MaxLengthBytes, long MaxSegmentSizeBytes);

    public static Stream? StreamRetention(IReadOnlyList<Manifest> manifests)
    {
        var platform = OfKind<V1ConfigMap>(manifests).SingleOrDefault(c => PlatformConfigMap().IsMatch(c.Metadata.Name))?.Data
            ?? new Dictionary<string, string>();
        return platform.TryGetValue("Messaging__Stream__MaxLengthBytes", out var maxText)
            && platform.TryGetValue("Messaging__Stream__MaxSegmentSizeBytes", out var segmentText)
            && long.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            && long.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            ? new Stream(max, segment)
            : null;
    }

    private static IEnumerable<string> StreamSettings(IReadOnlyList<Manifest> manifests)
    {
        if (StreamRetention(manifests) is not { MaxLengthBytes: > 0, MaxSegmentSizeBytes: > 0 })
        {
            yield return "ConfigMap/platform: Messaging__Stream__MaxLengthBytes and Messaging__Stream__MaxSegmentSizeBytes must be set to positive byte counts (else the code's default, not the volume, decides)";
        }
    }

    private static IEnumerable<string> RabbitMq(IReadOnlyList<Manifest> manifests)
    {
        var stream = StreamRetention(manifests);
        foreach (var cluster in manifests.Where(m => m.Kind == "RabbitmqCluster"))
        {
            var spec = (YamlMappingNode)cluster.Tree["spec"];
            var requests = Quantity(Path(spec, "resources", "requests", "memory"));
            var limits = Quantity(Path(spec, "resources", "limits", "memory"));
            if (limits is null || requests != limits)
            {
                yield return $"{cluster}: memory requests must equal limits (the operator derives the memory high watermark from the limit; a node must not be squeezed below it)";
            }

            var config = RabbitMqConfig(Path(spec, "rabbitmq", "additionalConfig"));
            if (config.Keys.Any(k => k is "total_memory_available_override_value" || k.StartsWith("vm_memory_high_watermark.absolute", StringComparison.Ordinal)))
            {
                yield return $"{cluster}: the memory high watermark must follow the memory limit (no absolute watermark, no total_memory_available_override_value)";
            }

            var volume = Quantity(Path(spec, "persistence", "storage"));
            var diskFree = config.TryGetValue("disk_free_limit.absolute", out var absolute) ? RabbitMqBytes(absolute) : null;
            if (diskFree is null)
            {
                yield return $"{cluster}: disk_free_limit.absolute must be set in spec.rabbitmq.additionalConfig (the free-disk alarm that blocks publishers)";
            }
            else if (volume is null)
            {
                yield return $"{cluster}: spec.persistence.storage must be set";
            }
            else if (stream is not null)
            {
                var needed = stream.MaxLengthBytes + stream.MaxSegmentSizeBytes + diskFree.Value + (long)(volume.Value * QuorumQueueShare);
                if (needed > volume)
                {
                    yield return $"{cluster}: a {Size(volume.Value)} volume is too small for the analysts' stream ({Size(stream.MaxLengthBytes)} + one {Size(stream.MaxSegmentSizeBytes)} segment), "
                        + $"the free-disk limit ({Size(diskFree.Value)}) and {QuorumQueueShare * 100:0}% for quorum queues: {Size(needed)} needed";
                }
            }

            var pods = new Dictionary<string, string> { [Name] = cluster.Name, [Component] = "rabbitmq" }; // the operator's pod labels
            var budgets = OfKind<V1PodDisruptionBudget>(manifests).Where(b => Matches(b.Spec.Selector, pods)).ToList();
            if (budgets.Count != 1 || budgets[0].Spec.MaxUnavailable?.Value != "1")
            {
                yield return $"{cluster}: one PodDisruptionBudget with maxUnavailable 1 must select its pods (the operator makes none; quorum queues keep their majority)";
            }
        }
    }

    private static IEnumerable<string> Redis(IReadOnlyList<Manifest> manifests)
    {
        foreach (var pod in PodTemplates(manifests).Where(p => p.Labels.TryGetValue(Name, out var name) && name == "redis"))
        {
            if (pod.Owner.Typed is not V1StatefulSet statefulSet)
            {
                yield return $"{pod}: Redis must be a StatefulSet with a volume (its idempotency records must survive a restart)";
                continue;
            }

            var redis = pod.Spec.Containers.Single(c => c.Name == "redis");
            var claims = (statefulSet.Spec.VolumeClaimTemplates ?? []).Select(c => c.Metadata.Name).ToHashSet();
            if (!(redis.VolumeMounts ?? []).Any(m => m.MountPath == "/data" && claims.Contains(m.Name)))
            {
                yield return $"{pod}: /data (Redis's dir) must be a volume claim template, not an emptyDir";
            }

            var config = RedisConfig(manifests, pod);
            if (config is null)
            {
                yield return $"{pod}: no redis.conf from a ConfigMap";
                continue;
            }

            foreach (var (key, wanted) in new[] { ("appendonly", "yes"), ("appendfsync", "everysec"), ("maxmemory-policy", "noeviction"), ("dir", "/data") })
            {
                if (config.GetValueOrDefault(key) != wanted)
                {
                    yield return $"{pod}: redis.conf must set {key} {wanted} (found: {config.GetValueOrDefault(key) ?? "nothing"})";
                }
            }

            var maxMemory = RedisBytes(config.GetValueOrDefault("maxmemory"));
            var limit = redis.Resources?.Limits?.TryGetValue("memory", out var memory) == true ? (long)memory.ToDecimal() : 0;
            if (maxMemory is not > 0 || limit < 2 * maxMemory)
            {
                yield return $"{pod}: maxmemory must be set and at most half the memory limit (an append-only file rewrite forks and may copy up to as much again)";
            }
        }
    }

    /// <summary>redis.conf (directive → value) from the ConfigMap the Redis container mounts.</summary>
    private static Dictionary<string, string>? RedisConfig(IReadOnlyList<Manifest> manifests, PodTemplate pod)
    {
        var maps = (pod.Spec.Volumes ?? []).Where(v => v.ConfigMap is not null).Select(v => v.ConfigMap.Name).ToHashSet();
        var text = OfKind<V1ConfigMap>(manifests).Where(c => maps.Contains(c.Metadata.Name))
            .Select(c => c.Data is { } data && data.TryGetValue("redis.conf", out var conf) ? conf : null).FirstOrDefault(t => t is not null);
        return text?.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0].ToLowerInvariant(), parts => parts.Length > 1 ? parts[1].Trim() : "");
    }

    /// <summary>rabbitmq.conf key = value lines.</summary>
    private static Dictionary<string, string> RabbitMqConfig(YamlNode? text) =>
        ((text as YamlScalarNode)?.Value ?? "").Split('\n')
            .Select(line => line.Split('#', 2)[0].Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());

    private static long? Quantity(YamlNode? node) =>
        node is YamlScalarNode { Value: { } value } ? (long)new ResourceQuantity(value).ToDecimal() : null;

    /// <summary>RabbitMQ's size units: kB, MB, GB are powers of 10; k, kiB, M, MiB, G, GiB powers of 2.</summary>
    public static long? RabbitMqBytes(string value)
    {
        var match = SizeWithUnit().Match(value);
        if (!match.Success)
        {
            return null;
        }

        var number = long.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "" => number,
            "kB" => number * 1000,
            "MB" => number * 1000_000,
            "GB" => number * 1000_000_000,
            "k" or "kiB" or "KiB" => number << 10,
            "M" or "MiB" => number << 20,
            "G" or "GiB" => number << 30,
            _ => null,
        };
    }

    /// <summary>Redis's size units (case-insensitive): k, m, g are powers of 10; kb, mb, gb powers of 2.</summary>
    public static long? RedisBytes(string? value)
    {
        var match = SizeWithUnit().Match(value ?? "");
        if (!match.Success)
        {
            return null;
        }

        var number = long.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "" => number,
            "k" => number * 1000,
            "m" => number * 1000_000,
            "g" => number * 1000_000_000,
            "kb" => number << 10,
            "mb" => number << 20,
            "gb" => number << 30,
            _ => null,
        };
    }

    private static string Size(long bytes) => $"{bytes / (double)GiB:0.##} GiB";

    [GeneratedRegex(@"^\s*(?<number>[0-9]+)\s*(?<unit>[A-Za-z]*)\s*$")]
    private static partial Regex SizeWithUnit();

    /// <summary>The generated "platform" ConfigMap: its name plus kustomize's hash.</summary>
    [GeneratedRegex(@"^platform-[a-z0-9]{10}$")]
    private static partial Regex PlatformConfigMap();
}
