using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>components/monitoring (optional): alerts an operator can act on, scrape targets the network policies let Prometheus reach.</summary>
public class MonitoringTests
{
    private static readonly IReadOnlySet<string> RunbookAnchors = AlertPolicy.Anchors(File.ReadAllText(Path.Combine(Repository.K8s, "README.md")));

    /// <summary>Production has every dependency in the cluster, so every alert's names can be checked against it.</summary>
    private static IReadOnlyList<Manifest> Production => Monitoring.Render("production");

    [Fact]
    public void Every_alert_has_a_condition_a_delay_a_severity_a_summary_and_a_runbook_section() =>
        Violations.None(AlertPolicy.Check(Production, RunbookAnchors));

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void With_the_component_every_object_matches_its_schema(string overlay) =>
        Violations.None(Monitoring.Render(overlay).SelectMany(m => KubernetesSchema.Validate(m.Tree)));

    [Theory]
    [InlineData("messages in an error queue", "_error\"")]
    [InlineData("outbox lag", "nghean_outbox_oldest_unsent_age_seconds")]
    [InlineData("5xx rate at the gateway", "http_response_status_code=~\"5..\"")]
    [InlineData("a service not ready", "kube_deployment_status_replicas_available")]
    [InlineData("a PostgreSQL cluster without primary", "cnpg_pg_replication_in_recovery")]
    [InlineData("WAL archiving failing", "cnpg_pg_stat_archiver_last_failed_time")]
    [InlineData("RabbitMQ alarms", "rabbitmq_alarms_free_disk_space_watermark")]
    public void There_is_an_alert_for_what_needs_a_person(string what, string selects) =>
        Assert.True(Monitoring.AlertRules(Production).Any(r => r.Expr?.Contains(selects, StringComparison.Ordinal) == true), what);

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_component_adds_to_every_overlay_in_its_namespace(string overlay)
    {
        var manifests = Monitoring.Render(overlay);
        var ns = Assert.Single(manifests, m => m.Kind == "Namespace").Name;
        var added = manifests.Where(m => m.ApiVersion == $"{Monitoring.Group}/v1").ToList();

        Assert.Equal(["PodMonitor", "PrometheusRule", "ServiceMonitor"], added.Select(m => m.Kind).Order());
        Assert.All(added, m => Assert.Equal(ns, m.Tree["metadata"]["namespace"].ToString()));
    }

    /// <summary>What each monitor scrapes, as the operators make it: the pod's labels and the named port's number.</summary>
    public static TheoryData<string, string, int, Dictionary<string, string>> Targets => new()
    {
        { "PodMonitor", "metrics", 9187, new() { ["cnpg.io/cluster"] = "directives-db", ["cnpg.io/podRole"] = "instance", ["role"] = "primary" } },
        { "ServiceMonitor", "prometheus", 15692, new() { ["app.kubernetes.io/component"] = "rabbitmq", ["app.kubernetes.io/name"] = "rabbitmq", ["app.kubernetes.io/part-of"] = "rabbitmq" } },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Prometheus_may_reach_what_the_monitors_scrape(string kind, string port, int number, Dictionary<string, string> labels)
    {
        var monitor = kind == "PodMonitor" ? Monitoring.PodMonitors(Production).Single().Spec : Monitoring.ServiceMonitors(Production).Single().Spec;

        Assert.True(Workloads.Matches(monitor.Selector.MatchLabels, labels), $"the {kind} does not select what the operator labels {string.Join(", ", labels)}");
        Assert.All(monitor.PodMetricsEndpoints.Concat(monitor.Endpoints), e => Assert.Equal(port, e.Port));
        Assert.True(AdmitsPrometheus(Production, labels, number), $"no NetworkPolicy lets namespace monitoring reach port {number}");
    }

    [Fact]
    public void A_scrape_target_the_network_policies_block_is_caught()
    {
        var manifests = Overlays.Without(Production, m => m.Kind == "NetworkPolicy" && m.Name.StartsWith("prometheus-", StringComparison.Ordinal));

        Assert.False(AdmitsPrometheus(manifests, Targets.Select(t => (Dictionary<string, string>)t[3]).First(), 9187));
    }

    public static TheoryData<string, Func<string, string>, string> Unusable => new()
    {
        { "a runbook section that does not exist", y => y.Replace("#ngheanservicedown", "#ngheanservicedwn", StringComparison.Ordinal), "alert NgheAnServiceDown: runbook_url 'https://github.com/nghean/NgheAn.Platform/blob/main/k8s/README.md#ngheanservicedwn' is not a section of k8s/README.md" },
        { "no delay", y => y.Replace("for: 2m", "for: soon", StringComparison.Ordinal), "'for' is 'soon', not a duration" },
        { "an unknown severity", y => y.Replace("severity: warning", "severity: page", StringComparison.Ordinal), "severity is 'page', not one of critical, warning" },
        { "unbalanced parentheses", y => y.Replace("max by (namespace, vhost, queue) (", "max by (namespace, vhost, queue (", StringComparison.Ordinal), "alert NgheAnErrorQueueNotEmpty: '(' is not closed" },
        { "a malformed selector", y => y.Replace("messages{queue=~", "messages{queue ~", StringComparison.Ordinal), "alert NgheAnErrorQueueNotEmpty: {queue ~\".+_error\"} is not a list of label matchers" },
        { "a job no Deployment sends", y => y.Replace("nghean-platform/gateway", "nghean/gateway", StringComparison.Ordinal), "alert NgheAnGatewayServerErrors: job=\"nghean/gateway\" is none of this platform's" },
        { "a service left out", y => y.Replace("directives|cadrework|emulation|supervision|gateway", "directives|cadrework|emulation|gateway", StringComparison.Ordinal), "alert NgheAnServiceDown: deployment=~\"directives|cadrework|emulation|gateway\" does not list exactly this platform's" },
        { "a database left out", y => y.Replace("directives-db|cadrework-db|emulation-db|supervision-db", "directives-db|cadrework-db", StringComparison.Ordinal), "alert NgheAnPostgresNoPrimary: cluster=~\"directives-db|cadrework-db\" does not list exactly" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void An_alert_an_operator_cannot_act_on_is_caught(string what, Func<string, string> edit, string expected)
    {
        Assert.NotNull(what);
        Violations.Found(AlertPolicy.Check(Overlays.Edited(Production, "PrometheusRule", "nghean-platform", edit), RunbookAnchors), expected);
    }

    [Fact]
    public void Runbook_anchors_are_GitHubs()
    {
        var anchors = AlertPolicy.Anchors("# Title\n### NgheAnServiceDown\n## Before the first deploy (once per cluster)\n```bash\n# not a heading\n```\n");

        Assert.Equal(["before-the-first-deploy-once-per-cluster", "ngheanservicedown", "title"], anchors.Order());
    }

    /// <summary>Whether a NetworkPolicy admits pods of namespace "monitoring" to a pod with these labels on this port.</summary>
    private static bool AdmitsPrometheus(IReadOnlyList<Manifest> manifests, Dictionary<string, string> pod, int port)
    {
        var monitoring = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring" };
        return Workloads.OfKind<V1NetworkPolicy>(manifests)
            .Where(p => Workloads.Matches(p.Spec.PodSelector, pod))
            .SelectMany(p => p.Spec.Ingress ?? [])
            .Any(rule => (rule.Ports is null || rule.Ports.Any(p => p.Port?.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                && (rule.FromProperty ?? []).Any(peer => peer.NamespaceSelector is { } ns && Workloads.Matches(ns, monitoring) && peer.PodSelector is null));
    }
}
