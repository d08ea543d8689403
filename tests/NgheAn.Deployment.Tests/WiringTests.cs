using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests;

/// <summary>The manifests match what the code reads and what the operators create.</summary>
public partial class WiringTests
{
    private static readonly string[] Services = ["directives", "cadrework", "emulation", "supervision"];

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_variable_reference_resolves(string overlay) =>
        Violations.None(UnresolvedReferences(Overlays.Render(overlay)));

    [Fact]
    public void A_misspelled_variable_reference_is_caught()
    {
        var manifests = Overlays.With<V1Deployment>(Overlays.Dev, "emulation", d =>
            d.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "ConnectionStrings__database").Value = "Host=$(DATABASE_HOTS)");

        Violations.Found(UnresolvedReferences(manifests), "Deployment/emulation: container app: $(DATABASE_HOTS) is not defined before ConnectionStrings__database");
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_service_gets_the_configuration_its_code_reads(string overlay)
    {
        var manifests = Overlays.Render(overlay);
        foreach (var service in Services)
        {
            var env = Environment(manifests, service);
            Assert.Equal("8080", env["HTTP_PORT"]);
            Assert.Equal("8081", env["GRPC_PORT"]);
            Assert.Equal("true", env["Messaging__QuorumQueues"]);
            Assert.StartsWith("Host=", env["ConnectionStrings__database"], StringComparison.Ordinal);
            Assert.Matches("^amqps?://", env["ConnectionStrings__rabbitmq"]);
            Assert.False(string.IsNullOrEmpty(env["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_gateway_finds_every_cluster_of_its_proxy_configuration(string overlay)
    {
        var manifests = Overlays.Render(overlay);
        var env = Environment(manifests, "gateway");
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "gateway", "appsettings.json")));
        var destinations = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject()
            .SelectMany(c => c.Value.GetProperty("Destinations").EnumerateObject())
            .Select(d => d.Value.GetProperty("Address").GetString()!)
            .ToList();
        Assert.NotEmpty(destinations);

        foreach (var address in destinations)
        {
            var match = ServiceDiscoveryName().Match(address);
            Assert.True(match.Success, $"{address} is not a service-discovery name");
            var (endpoint, name) = (match.Groups["endpoint"].Value, match.Groups["name"].Value);
            var target = new Uri(env[$"services__{name}__{endpoint}__0"]);
            var service = Workloads.OfKind<V1Service>(manifests).Single(s => s.Metadata.Name == target.Host);
            Assert.Contains(service.Spec.Ports, p => p.Port == target.Port && p.Name == endpoint);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void In_cluster_dependencies_match_what_the_services_connect_to(string overlay)
    {
        var manifests = Overlays.Render(overlay);
        var clusters = manifests.Where(m => m.Kind == "Cluster").ToList();
        var brokers = manifests.Where(m => m.Kind == "RabbitmqCluster").ToList();
        foreach (var service in Services)
        {
            var env = Environment(manifests, service);
            var secrets = SecretNames(manifests, service);
            if (clusters.Count > 0)
            {
                // CloudNativePG: Service "<cluster>-rw" of the service's cluster ("<service>-db", or one
                // restored from it: both carry the label the network policies admit it by); the service
                // runs as the managed runtime role (Secret "<service>-db-runtime"), the owner's
                // "<service>-db-app" is the migration Job's.
                var own = clusters.Where(c => c.Tree["spec"]["inheritedMetadata"]["labels"]["nghean.gov.vn/database-of"].ToString() == service);
                Assert.Contains(env["DATABASE_HOST"], own.Select(c => $"{c.Name}-rw"));
                Assert.Contains($"{service}-db-runtime", secrets);
                Assert.DoesNotContain($"{service}-db-app", secrets);
            }
            else
            {
                Assert.DoesNotContain("-db-rw", env["DATABASE_HOST"], StringComparison.Ordinal);
            }

            if (brokers.Count > 0)
            {
                // RabbitMQ Cluster Operator: Service "<name>" and Secret "<name>-default-user".
                var broker = Assert.Single(brokers).Name;
                Assert.Equal(broker, env["RABBITMQ_HOST"]);
                Assert.Contains($"{broker}-default-user", secrets);
            }
        }

        if (Overlays.MinReplicas(overlay) >= 3 && brokers.Count > 0)
        {
            var spec = (YamlMappingNode)brokers[0].Tree["spec"];
            Assert.Equal("3", spec["replicas"].ToString());
            Assert.Contains("default_queue_type = quorum", spec["rabbitmq"]["additionalConfig"].ToString(), StringComparison.Ordinal);
            Assert.All(manifests.Where(m => m.Kind == "Cluster"), c => Assert.Equal("3", c.Tree["spec"]["instances"].ToString()));
        }
    }

    /// <summary>$(NAME) in env values and args must name a variable the container defines (else Kubernetes passes it on literally).</summary>
    private static IEnumerable<string> UnresolvedReferences(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        foreach (var pod in Workloads.PodTemplates(list))
        {
            foreach (var container in pod.AllContainers)
            {
                var defined = (container.EnvFrom ?? []).Where(e => e.ConfigMapRef is not null)
                    .SelectMany(e => Workloads.OfKind<V1ConfigMap>(list).Single(c => c.Metadata.Name == e.ConfigMapRef.Name).Data.Keys)
                    .ToHashSet();
                foreach (var env in container.Env ?? [])
                {
                    // An env value may use only variables defined before it.
                    foreach (var missing in Undefined(env.Value, defined))
                    {
                        yield return $"{pod}: container {container.Name}: $({missing}) is not defined before {env.Name}";
                    }

                    defined.Add(env.Name);
                }

                foreach (var missing in (container.Args ?? []).SelectMany(a => Undefined(a, defined)))
                {
                    yield return $"{pod}: container {container.Name}: $({missing}) is not defined for its args";
                }
            }
        }
    }

    private static IEnumerable<string> Undefined(string? text, HashSet<string> defined) =>
        VariableReference().Matches(text ?? "").Select(m => m.Groups[1].Value).Where(name => !defined.Contains(name));

    /// <summary>The app container's environment as the kubelet resolves it (Secrets as placeholders).</summary>
    private static Dictionary<string, string> Environment(IReadOnlyList<Manifest> manifests, string deployment)
    {
        var template = Workloads.OfKind<V1Deployment>(manifests).Single(d => d.Metadata.Name == deployment).Spec.Template;
        return Workloads.Environment(manifests, template, template.Spec.Containers[0]);
    }

    private static Dictionary<string, string> Environment(IReadOnlyList<Manifest> manifests, V1Container container) =>
        Workloads.Environment(manifests, container);

    private static HashSet<string> SecretNames(IReadOnlyList<Manifest> manifests, string deployment) =>
        Workloads.OfKind<V1Deployment>(manifests).Single(d => d.Metadata.Name == deployment).Spec.Template.Spec.Containers[0].Env
            .Select(e => e.ValueFrom?.SecretKeyRef?.Name).OfType<string>().ToHashSet();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^http://_(?<endpoint>[a-z]+)\.(?<name>[a-z]+)$")]
    private static partial Regex ServiceDiscoveryName();
}
