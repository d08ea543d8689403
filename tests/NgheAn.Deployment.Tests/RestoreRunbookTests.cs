using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests;

/// <summary>
/// The manifests the runbook has an operator write during a restore (k8s/README.md, Back up and
/// restore), taken from the runbook itself with its shell variables filled in as the commands
/// would: they match the CRD schemas, and production switched to a restored cluster still keeps
/// every database rule (the network label, the runtime role, archiving, the connection budget).
/// </summary>
public partial class RestoreRunbookTests
{
    private const string Service = "directives";
    private const string Restored = "directives-db-r1";

    [Fact]
    public void The_restored_cluster_and_its_backup_schedule_match_their_schemas() =>
        Violations.None(RunbookManifests("cat > k8s/overlays/production/$new.yaml <<EOF").SelectMany(m => KubernetesSchema.Validate(m.Tree)));

    [Fact]
    public void The_drill_clusters_match_their_schema() =>
        Violations.None(RunbookManifests("kubectl -n $ns apply -f - <<EOF").SelectMany(m => KubernetesSchema.Validate(m.Tree)));

    [Fact]
    public void Production_switched_to_the_restored_cluster_keeps_every_database_rule()
    {
        var restored = RunbookManifests("cat > k8s/overlays/production/$new.yaml <<EOF");
        var manifests = Overlays.With<V1ConfigMap>(Overlays.Production.Concat(restored).ToArray(),
            Overlays.Production.Single(m => m.Kind == "ConfigMap" && m.Name.StartsWith($"{Service}-", StringComparison.Ordinal)).Name,
            c => c.Data["DATABASE_HOST"] = $"{Restored}-rw");

        Violations.None(DatabasePolicy.Check(manifests, production: true));
        DatabasePolicy.Budgets(manifests, out var budgets);
        Assert.Equal(150, budgets.Single(b => b.Service == Service).Limit); // the restored cluster's max_connections
        var cluster = restored.Single(m => m.Kind == "Cluster");
        Assert.Equal(Service, cluster.Tree["spec"]["inheritedMetadata"]["labels"]["nghean.gov.vn/database-of"].ToString());
    }

    /// <summary>The YAML of the runbook's heredoc that starts with this command, with the variables the commands set.</summary>
    private static IReadOnlyList<Manifest> RunbookManifests(string command)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.K8s, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == command);
        Assert.True(start >= 0, $"the runbook no longer has '{command}'");
        var end = Array.FindIndex(lines, start + 1, l => l == "EOF");
        var yaml = string.Join('\n', lines[(start + 1)..end]);

        // $(kubectl ... get cluster $svc-db -o jsonpath='{.spec.X.Y}') reads the live cluster: take the rendered one.
        var original = (YamlMappingNode)Overlays.Production.Single(m => m.Kind == "Cluster" && m.Name == $"{Service}-db").Tree;
        yaml = LiveValue().Replace(yaml, m => m.Groups["path"].Value.Split('.').Aggregate((YamlNode)original, (node, key) => node[key]).ToString());
        yaml = yaml.Replace("${svc}", Service, StringComparison.Ordinal).Replace("$new", Restored, StringComparison.Ordinal)
            .Replace("$svc", Service, StringComparison.Ordinal).Replace("$target", "2026-12-07T14:30:00Z", StringComparison.Ordinal);
        Assert.DoesNotContain("$", yaml, StringComparison.Ordinal);
        return Manifest.Parse(yaml);
    }

    [GeneratedRegex(@"\$\(kubectl -n \$ns get cluster \$svc-db -o jsonpath='\{\.(?<path>[A-Za-z_.]+)\}'\)")]
    private static partial Regex LiveValue();
}
