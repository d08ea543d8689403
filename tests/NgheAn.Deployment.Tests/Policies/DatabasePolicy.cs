using System.Globalization;
using k8s.Models;
using System.Data.Common;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// PostgreSQL in production, read from the rendered manifests:
/// least privilege (each service's database is migrated by its own Job as the owner; the service's
/// pods never hold the owner's credentials and run as a runtime role the cluster manages);
/// a connection budget that adds up (every pod the autoscaler and a rolling update may run, times
/// its pool, plus the migration Job and the server's reserved connections, stays below the server's
/// max_connections, or the documented limit of a managed server); backups (WAL archiving and a
/// daily base backup of every CloudNativePG cluster to an ObjectStore with a retention, in
/// production); and the provider's CA mounted where the connection verifies the server (VerifyFull).
/// </summary>
public static class DatabasePolicy
{
    public const string Plugin = "barman-cloud.cloudnative-pg.io";

    /// <summary>The annotation (on a ConfigMap the service reads) stating a managed server's limit for the platform's roles.</summary>
    public const string ManagedLimitAnnotation = "nghean.gov.vn/database-max-connections";

    /// <summary>The value the backups component leaves for the overlay to replace.</summary>
    public const string BucketPlaceholder = "set-the-bucket-in-the-overlay";

    /// <summary>
    /// Connections CloudNativePG's instance manager keeps for itself on each instance (status and
    /// metrics queries, role reconciliation), beyond superuser_reserved_connections: an allowance,
    /// stated in k8s/README.md (Sizing).
    /// </summary>
    public const int OperatorConnections = 10;

    /// <summary>PostgreSQL's defaults when a Cluster does not set them.</summary>
    private const int DefaultMaxConnections = 100;
    private const int DefaultSuperuserReserved = 3;

    /// <summary>One service's sum, for the report and the checks.</summary>
    public sealed record Budget(string Service, int Pods, int Pool, int Migration, int Reserved, int Limit)
    {
        public int Total => Pods * Pool + Migration + Reserved;

        public override string ToString() =>
            $"{Service}: {Pods} pods x {Pool} + {Migration} (migration Job) + {Reserved} (reserved) = {Total}, limit {Limit}";
    }

    public static IEnumerable<string> Check(IReadOnlyList<Manifest> manifests, bool production) =>
        Migrations(manifests)
            .Concat(Budgets(manifests, out var budgets))
            .Concat(budgets.Where(b => b.Total >= b.Limit).Select(b => $"{b}: the pools can exhaust the server's connections"))
            .Concat(Backups(manifests, production))
            .Concat(CertificateAuthority(manifests));

    /// <summary>Each service Deployment, its migration Job, and the secrets each uses.</summary>
    private static IEnumerable<string> Migrations(IReadOnlyList<Manifest> manifests)
    {
        var jobs = OfKind<V1Job>(manifests).ToList();
        foreach (var deployment in ServiceDeployments(manifests))
        {
            var name = deployment.Metadata.Name;
            var app = deployment.Spec.Template.Spec.Containers[0];
            var runtimeSecret = SecretOf(app, "DATABASE_USERNAME");
            var job = jobs.SingleOrDefault(j => j.Metadata.Name == $"{name}-migrate");
            if (job is null)
            {
                yield return $"Deployment/{name}: no Job {name}-migrate migrates its database";
                continue;
            }

            var spec = job.Spec.Template.Spec;
            var migrate = spec.Containers.Single();
            if (migrate.Image != app.Image || !(migrate.Args ?? []).SequenceEqual(["migrate"]))
            {
                yield return $"Job/{name}-migrate: must run the service's own image ({app.Image}) with the argument 'migrate'";
            }

            if (job.Spec.TtlSecondsAfterFinished is null || spec.RestartPolicy != "Never")
            {
                yield return $"Job/{name}-migrate: needs ttlSecondsAfterFinished (so a later apply makes a new Job) and restartPolicy Never";
            }

            var ownerSecret = SecretOf(migrate, "DATABASE_USERNAME");
            if (ownerSecret is null || ownerSecret == runtimeSecret)
            {
                yield return $"Job/{name}-migrate: must connect with the owner's Secret, not the service's ({runtimeSecret})";
            }

            if (SecretOf(migrate, "Database__RuntimeRole") != runtimeSecret)
            {
                yield return $"Job/{name}-migrate: Database__RuntimeRole must be the username of the service's Secret {runtimeSecret}, to grant it its rights";
            }

            foreach (var container in deployment.Spec.Template.Spec.InitContainers.OrEmpty().Concat(deployment.Spec.Template.Spec.Containers))
            {
                if (ownerSecret is not null && SecretsOf(container).Contains(ownerSecret))
                {
                    yield return $"Deployment/{name}: container {container.Name} uses the database owner's Secret {ownerSecret}; only Job/{name}-migrate may";
                }

                if (container.Args is { } args && args.Contains("migrate"))
                {
                    yield return $"Deployment/{name}: container {container.Name} migrates; the Job does";
                }

                if (Environment(manifests, container).GetValueOrDefault("Database__MigrateAtStartup") is { } atStartup && atStartup != "false")
                {
                    yield return $"Deployment/{name}: container {container.Name} sets Database__MigrateAtStartup={atStartup}; services in a cluster never migrate";
                }
            }

            if (ClusterServing(manifests, Environment(manifests, app)["DATABASE_HOST"]) is { } cluster)
            {
                var roles = cluster.Tree["spec"] is YamlMappingNode s && s.Children.TryGetValue("managed", out var managed)
                    && ((YamlMappingNode)managed).Children.TryGetValue("roles", out var list) ? ((YamlSequenceNode)list).Children.OfType<YamlMappingNode>() : [];
                var role = roles.FirstOrDefault(r => Scalar(r, "passwordSecret", "name") == runtimeSecret);
                if (role is null)
                {
                    yield return $"Cluster/{cluster.Name}: no managed role with the password Secret {runtimeSecret} that Deployment/{name} connects with";
                }
                else if (Scalar(role, "login") != "true" || new[] { "superuser", "createdb", "createrole", "replication", "bypassrls" }.Any(a => Scalar(role, a) == "true"))
                {
                    yield return $"Cluster/{cluster.Name}: the runtime role {Scalar(role, "name")} must log in and hold no other attribute";
                }

                // CloudNativePG's "<cluster>-app", or the one the cluster was bootstrapped with (a restore keeps the original's).
                var clusterSpec = (YamlMappingNode)cluster.Tree["spec"];
                var owners = new[] { $"{cluster.Name}-app", Scalar(clusterSpec, "bootstrap", "initdb", "secret", "name"), Scalar(clusterSpec, "bootstrap", "recovery", "secret", "name") };
                if (!owners.Contains(ownerSecret))
                {
                    yield return $"Job/{name}-migrate: must use the owner's Secret of Cluster/{cluster.Name} ({string.Join(" or ", owners.OfType<string>())})";
                }
            }
        }
    }

    /// <summary>The connection budget of each service's database.</summary>
    public static IEnumerable<string> Budgets(IReadOnlyList<Manifest> manifests, out List<Budget> budgets)
    {
        budgets = [];
        var problems = new List<string>();
        foreach (var deployment in ServiceDeployments(manifests))
        {
            var name = deployment.Metadata.Name;
            var app = deployment.Spec.Template.Spec.Containers[0];
            var env = Environment(manifests, app);
            var hpa = OfKind<V2HorizontalPodAutoscaler>(manifests).SingleOrDefault(h => h.Spec.ScaleTargetRef.Kind == "Deployment" && h.Spec.ScaleTargetRef.Name == name);
            var maxReplicas = hpa?.Spec.MaxReplicas ?? deployment.Spec.Replicas ?? 1;
            var pods = maxReplicas + Surge(deployment, maxReplicas);
            var pool = PoolSize(env["ConnectionStrings__database"]);
            var job = OfKind<V1Job>(manifests).SingleOrDefault(j => j.Metadata.Name == $"{name}-migrate");
            var migration = job is null ? 0 : PoolSize(Environment(manifests, job.Spec.Template.Spec.Containers.Single())["ConnectionStrings__database"]) ?? 100;
            if (pool is null)
            {
                problems.Add($"Deployment/{name}: its connection string sets no Maximum Pool Size (Npgsql's default is 100 per pod)");
                continue;
            }

            if (ClusterServing(manifests, env["DATABASE_HOST"]) is { } cluster)
            {
                var parameters = cluster.Tree["spec"] is YamlMappingNode spec && spec.Children.TryGetValue("postgresql", out var pg)
                    && ((YamlMappingNode)pg).Children.TryGetValue("parameters", out var p) ? (YamlMappingNode)p : new YamlMappingNode();
                var limit = Parameter(parameters, "max_connections") ?? DefaultMaxConnections;
                var reserved = (Parameter(parameters, "superuser_reserved_connections") ?? DefaultSuperuserReserved)
                    + (Parameter(parameters, "reserved_connections") ?? 0) + OperatorConnections;
                budgets.Add(new Budget(name, pods, pool.Value, migration, reserved, limit));
            }
            else
            {
                var limits = (app.EnvFrom ?? []).Where(e => e.ConfigMapRef is not null)
                    .Select(e => OfKind<V1ConfigMap>(manifests).Single(c => c.Metadata.Name == e.ConfigMapRef.Name).Metadata.Annotations is { } annotations && annotations.TryGetValue(ManagedLimitAnnotation, out var limit) ? limit : null)
                    .OfType<string>().ToList();
                if (limits.Count == 0)
                {
                    problems.Add($"Deployment/{name}: its database is not a CloudNativePG cluster here, and no ConfigMap it reads states the server's limit ({ManagedLimitAnnotation})");
                    continue;
                }

                budgets.Add(new Budget(name, pods, pool.Value, migration, 0, limits.Select(l => int.Parse(l, CultureInfo.InvariantCulture)).Min()));
            }
        }

        return problems;
    }

    private static IEnumerable<string> Backups(IReadOnlyList<Manifest> manifests, bool production)
    {
        var clusters = manifests.Where(m => m.Kind == "Cluster" && m.ApiVersion == "postgresql.cnpg.io/v1").ToList();
        var stores = manifests.Where(m => m.Kind == "ObjectStore").ToDictionary(m => m.Name);
        foreach (var store in stores.Values)
        {
            var spec = (YamlMappingNode)store.Tree["spec"];
            if (Scalar(spec, "retentionPolicy") is null)
            {
                yield return $"ObjectStore/{store.Name}: no retentionPolicy (backups and WAL would pile up forever)";
            }

            if (Scalar(spec, "configuration", "destinationPath") is not { } path || path.Contains(BucketPlaceholder, StringComparison.Ordinal))
            {
                yield return $"ObjectStore/{store.Name}: destinationPath is not set to a bucket (set it in the overlay)";
            }
        }

        if (!production)
        {
            yield break;
        }

        foreach (var cluster in clusters)
        {
            var plugins = ((YamlMappingNode)cluster.Tree["spec"]).Children.TryGetValue("plugins", out var list) ? ((YamlSequenceNode)list).Children.OfType<YamlMappingNode>() : [];
            var archiver = plugins.FirstOrDefault(p => Scalar(p, "name") == Plugin && Scalar(p, "isWALArchiver") == "true");
            if (archiver is null)
            {
                yield return $"Cluster/{cluster.Name}: does not archive its WAL through the Barman Cloud Plugin (spec.plugins, isWALArchiver)";
            }
            else if (Scalar(archiver, "parameters", "barmanObjectName") is not { } store || !stores.ContainsKey(store))
            {
                yield return $"Cluster/{cluster.Name}: its WAL archiver names no ObjectStore of this overlay";
            }

            var daily = manifests.Where(m => m.Kind == "ScheduledBackup").Select(m => (YamlMappingNode)m.Tree["spec"]).Any(s =>
                Scalar(s, "cluster", "name") == cluster.Name && Scalar(s, "method") == "plugin" && Scalar(s, "pluginConfiguration", "name") == Plugin
                && Scalar(s, "schedule") is { } schedule && RunsDaily(schedule));
            if (!daily)
            {
                yield return $"Cluster/{cluster.Name}: no ScheduledBackup (method plugin, {Plugin}) takes a base backup every day";
            }
        }
    }

    /// <summary>Where a connection verifies the server (VerifyFull), the CA it trusts is a file of a mounted ConfigMap or Secret.</summary>
    private static IEnumerable<string> CertificateAuthority(IReadOnlyList<Manifest> manifests)
    {
        foreach (var pod in PodTemplates(manifests).Where(p => p.IsPlatform))
        {
            foreach (var container in pod.AllContainers)
            {
                var env = Environment(manifests, container);
                if (!env.TryGetValue("ConnectionStrings__database", out var connection)
                    || !string.Equals(Setting(connection, "SSL Mode"), "VerifyFull", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // Npgsql reads PGSSLROOTCERT when the connection string names no Root Certificate.
                var root = Setting(connection, "Root Certificate") ?? env.GetValueOrDefault("PGSSLROOTCERT");
                var mount = root is null ? null : (container.VolumeMounts ?? []).FirstOrDefault(m => root.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
                var volume = mount is null ? null : pod.Spec.Volumes?.FirstOrDefault(v => v.Name == mount.Name);
                if (volume?.ConfigMap is null && volume?.Secret is null)
                {
                    yield return $"{pod}: container {container.Name}: verifies the PostgreSQL server (VerifyFull) without the provider's CA mounted (Root Certificate / PGSSLROOTCERT in a ConfigMap or Secret volume)";
                }
            }
        }
    }

    private static IEnumerable<V1Deployment> ServiceDeployments(IReadOnlyList<Manifest> manifests) =>
        OfKind<V1Deployment>(manifests).Where(d => IsPlatformLabels(d.Spec.Template.Metadata.Labels)
            && d.Spec.Template.Metadata.Labels.TryGetValue(Component, out var role) && role == "service");

    /// <summary>The CloudNativePG Cluster whose read-write Service ("&lt;cluster&gt;-rw") is this host, if any.</summary>
    private static Manifest? ClusterServing(IReadOnlyList<Manifest> manifests, string host) =>
        manifests.FirstOrDefault(m => m.Kind == "Cluster" && m.ApiVersion == "postgresql.cnpg.io/v1" && $"{m.Name}-rw" == host);

    /// <summary>Extra pods a rolling update may add (maxSurge: a number or a percentage, rounded up; 25 % by default).</summary>
    private static int Surge(V1Deployment deployment, int replicas)
    {
        var surge = deployment.Spec.Strategy?.RollingUpdate?.MaxSurge?.Value ?? "25%";
        return surge.EndsWith('%')
            ? (int)Math.Ceiling(replicas * int.Parse(surge.TrimEnd('%'), CultureInfo.InvariantCulture) / 100.0)
            : int.Parse(surge, CultureInfo.InvariantCulture);
    }

    private static int? PoolSize(string connectionString) =>
        (Setting(connectionString, "Maximum Pool Size") ?? Setting(connectionString, "Max Pool Size") ?? Setting(connectionString, "MaxPoolSize")) is { } value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>A keyword as written in a connection string (keywords are case-insensitive), or null.</summary>
    private static string? Setting(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.TryGetValue(keyword, out var value) ? value as string : null;

    /// <summary>A six-field CloudNativePG schedule (seconds first) that fires every day.</summary>
    private static bool RunsDaily(string schedule) =>
        schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, "*", "*", "*"];

    private static int? Parameter(YamlMappingNode parameters, string name) =>
        Scalar(parameters, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    private static string? SecretOf(V1Container container, string variable) =>
        container.Env?.FirstOrDefault(e => e.Name == variable)?.ValueFrom?.SecretKeyRef?.Name;

    private static HashSet<string> SecretsOf(V1Container container) =>
        (container.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name)
            .Concat((container.EnvFrom ?? []).Select(e => e.SecretRef?.Name))
            .OfType<string>().ToHashSet();

    private static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(key, out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }

    private static IEnumerable<T> OrEmpty<T>(this IEnumerable<T>? items) => items ?? [];
}
