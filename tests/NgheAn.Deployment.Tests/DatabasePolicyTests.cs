using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests;

/// <summary>PostgreSQL in production: migrations by their own Job, a connection budget that adds up, backups, the managed server's CA.</summary>
public class DatabasePolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_overlay_keeps_the_database_rules(string overlay) =>
        Violations.None(DatabasePolicy.Check(Overlays.Render(overlay), Production(overlay)));

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_services_connections_fit_its_server_at_the_autoscalers_maximum_during_a_rolling_update(string overlay)
    {
        var manifests = Overlays.Render(overlay);
        Assert.Empty(DatabasePolicy.Budgets(manifests, out var budgets));
        Assert.Equal(4, budgets.Count);
        Assert.All(budgets, b => Assert.True(b.Total < b.Limit, b.ToString()));
        if (Production(overlay))
        {
            // HPA maximum 10 + maxSurge 1: the figure the runbook's Sizing section explains.
            Assert.All(budgets, b => Assert.Equal(11, b.Pods));
        }
    }

    public static TheoryData<string, Func<IReadOnlyList<Manifest>>, string> Broken => new()
    {
        {
            "Npgsql's default pool of 100 per pod",
            () => WithPlatformSetting(Overlays.Production, "DATABASE_POOL_SIZE", "100"),
            "directives: 11 pods x 100 + 2 (migration Job) + 13 (reserved) = 1115, limit 150: the pools can exhaust"
        },
        {
            "an autoscaler allowed twenty pods",
            () => Overlays.With<V2HorizontalPodAutoscaler>(Overlays.Production, "emulation", h => h.Spec.MaxReplicas = 20),
            "emulation: 21 pods x 10"
        },
        {
            "a server left at PostgreSQL's default max_connections",
            () => WithTree(Overlays.Production, "Cluster", "cadrework-db", spec => spec.Children.Remove("postgresql")),
            "cadrework: 11 pods x 10 + 2 (migration Job) + 13 (reserved) = 125, limit 100"
        },
        {
            "a managed server smaller than its documented limit",
            () => WithLimitAnnotation(Overlays.Render("production-managed"), "80"),
            "supervision: 11 pods x 8 + 2 (migration Job) + 0 (reserved) = 90, limit 80"
        },
        {
            "no pool size in the connection string",
            () => Overlays.With<V1Deployment>(Overlays.Production, "supervision", d =>
                d.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "ConnectionStrings__database").Value = "Host=$(DATABASE_HOST);Username=$(DATABASE_USERNAME);Password=$(DATABASE_PASSWORD)"),
            "Deployment/supervision: its connection string sets no Maximum Pool Size"
        },
        {
            "the service runs as the database owner",
            () => Overlays.With<V1Deployment>(Overlays.Production, "directives", d =>
                d.Spec.Template.Spec.Containers[0].Env.Where(e => e.Name.StartsWith("DATABASE_", StringComparison.Ordinal)).ToList().ForEach(e => e.ValueFrom.SecretKeyRef.Name = "directives-db-app")),
            "Deployment/directives: container app uses the database owner's Secret directives-db-app"
        },
        {
            "the migrate init container comes back",
            () => Overlays.With<V1Deployment>(Overlays.Dev, "emulation", d =>
                d.Spec.Template.Spec.InitContainers = [new V1Container { Name = "migrate", Image = d.Spec.Template.Spec.Containers[0].Image, Args = ["migrate"] }]),
            "Deployment/emulation: container migrate migrates; the Job does"
        },
        {
            "no migration Job",
            () => Overlays.Without(Overlays.Dev, m => m.Kind == "Job" && m.Name == "cadrework-migrate"),
            "Deployment/cadrework: no Job cadrework-migrate"
        },
        {
            "the Job runs another version",
            () => Overlays.With<V1Job>(Overlays.Production, "directives-migrate", j => j.Spec.Template.Spec.Containers[0].Image = "ghcr.io/nghean/directives:0.0.9"),
            "Job/directives-migrate: must run the service's own image"
        },
        {
            "a finished Job that never goes away (the next apply cannot change it)",
            () => Overlays.With<V1Job>(Overlays.Production, "directives-migrate", j => j.Spec.TtlSecondsAfterFinished = null),
            "Job/directives-migrate: needs ttlSecondsAfterFinished"
        },
        {
            "the Job grants nobody",
            () => Overlays.With<V1Job>(Overlays.Production, "supervision-migrate", j => j.Spec.Template.Spec.Containers[0].Env.Remove(j.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "Database__RuntimeRole"))),
            "Job/supervision-migrate: Database__RuntimeRole must be the username of the service's Secret supervision-db-runtime"
        },
        {
            "a service told to migrate at start-up",
            () => WithPlatformSetting(Overlays.Production, "Database__MigrateAtStartup", "true"),
            "sets Database__MigrateAtStartup=true"
        },
        {
            "the runtime role is not managed by its cluster",
            () => WithTree(Overlays.Production, "Cluster", "emulation-db", spec => spec.Children.Remove("managed")),
            "Cluster/emulation-db: no managed role with the password Secret emulation-db-runtime"
        },
        {
            "the runtime role may create databases",
            () => WithTree(Overlays.Production, "Cluster", "emulation-db", spec =>
                ((YamlMappingNode)((YamlSequenceNode)spec["managed"]["roles"]).Children[0]).Children[new YamlScalarNode("createdb")] = new YamlScalarNode("true")),
            "Cluster/emulation-db: the runtime role emulation_runtime must log in and hold no other attribute"
        },
        {
            "a cluster without WAL archiving",
            () => WithTree(Overlays.Production, "Cluster", "supervision-db", spec => spec.Children.Remove("plugins")),
            "Cluster/supervision-db: does not archive its WAL"
        },
        {
            "a cluster without its nightly backup",
            () => Overlays.Without(Overlays.Production, m => m.Kind == "ScheduledBackup" && m.Name == "cadrework-db-daily"),
            "Cluster/cadrework-db: no ScheduledBackup"
        },
        {
            "a weekly backup",
            () => WithTree(Overlays.Production, "ScheduledBackup", "directives-db-daily", spec => spec.Children[new YamlScalarNode("schedule")] = new YamlScalarNode("0 0 1 * * 0")),
            "Cluster/directives-db: no ScheduledBackup"
        },
        {
            "backups kept forever",
            () => WithTree(Overlays.Production, "ObjectStore", "postgres-backups", spec => spec.Children.Remove("retentionPolicy")),
            "ObjectStore/postgres-backups: no retentionPolicy"
        },
        {
            "the bucket left unset",
            () => WithTree(Overlays.Production, "ObjectStore", "postgres-backups", spec =>
                ((YamlMappingNode)spec["configuration"]).Children[new YamlScalarNode("destinationPath")] = new YamlScalarNode($"s3://{DatabasePolicy.BucketPlaceholder}/")),
            "ObjectStore/postgres-backups: destinationPath is not set"
        },
        {
            "VerifyFull without the provider's CA",
            () => Overlays.With<V1Job>(Overlays.Render("production-managed"), "emulation-migrate", j => j.Spec.Template.Spec.Containers[0].VolumeMounts.Remove(
                j.Spec.Template.Spec.Containers[0].VolumeMounts.Single(m => m.Name == "postgres-ca"))),
            "Job/emulation-migrate: container migrate: verifies the PostgreSQL server (VerifyFull) without the provider's CA mounted"
        },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_database_setup_is_caught(string what, Func<IReadOnlyList<Manifest>> manifests, string expected)
    {
        _ = what;
        Violations.Found(DatabasePolicy.Check(manifests(), production: true), expected);
    }

    private static bool Production(string overlay) => overlay.StartsWith("production", StringComparison.Ordinal);

    private static IReadOnlyList<Manifest> WithPlatformSetting(IReadOnlyList<Manifest> manifests, string key, string value) =>
        Overlays.With<V1ConfigMap>(manifests, manifests.Single(m => m.Kind == "ConfigMap" && m.Name.StartsWith("platform-", StringComparison.Ordinal)).Name,
            c => c.Data[key] = value);

    private static IReadOnlyList<Manifest> WithLimitAnnotation(IReadOnlyList<Manifest> manifests, string limit) =>
        Overlays.With<V1ConfigMap>(manifests, manifests.Single(m => m.Kind == "ConfigMap" && m.Name.StartsWith("platform-", StringComparison.Ordinal)).Name,
            c => c.Metadata.Annotations[DatabasePolicy.ManagedLimitAnnotation] = limit);

    /// <summary>A rendered overlay with one custom resource's spec changed on a copy.</summary>
    private static IReadOnlyList<Manifest> WithTree(IReadOnlyList<Manifest> manifests, string kind, string name, Action<YamlMappingNode> change)
    {
        var target = manifests.Single(m => m.Kind == kind && m.Name == name);
        var copy = Manifest.Parse(Manifest.Serialize(target.Tree)).Single();
        change((YamlMappingNode)copy.Tree["spec"]);
        return manifests.Select(m => ReferenceEquals(m, target) ? copy : m).ToArray();
    }
}
