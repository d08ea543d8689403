using System.Text.Json;
using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>
/// Per-request balancing: the gateway reaches every pod of each service it routes to. Each
/// destination's name is a headless Service (its DNS name answers with every ready pod's address),
/// the gateway looks those addresses up (Proxy__Replicas__LookUpAddresses), the pods listen on the
/// port the gateway dials (a headless Service maps no ports), and the network policies let the
/// gateway connect to the pods themselves on it.
/// </summary>
public partial class WiringTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_gateway_reaches_each_pod_of_every_service_it_routes_to(string overlay) =>
        Violations.None(ReplicaProblems(Overlays.Render(overlay)));

    [Fact]
    public void A_service_behind_a_virtual_ip_is_caught() =>
        Violations.Found(
            ReplicaProblems(Overlays.With<V1Service>(Overlays.Production, "emulation", s => s.Spec.ClusterIP = null)),
            "Service/emulation: not headless");

    [Fact]
    public void A_gateway_that_does_not_look_up_the_pods_is_caught() =>
        Violations.Found(
            ReplicaProblems(Overlays.With<V1Deployment>(Overlays.Production, "gateway", d =>
                d.Spec.Template.Spec.Containers[0].Env.Add(new V1EnvVar { Name = "Proxy__Replicas__LookUpAddresses", Value = "false" }))),
            "Deployment/gateway: Proxy__Replicas__LookUpAddresses is not true");

    [Fact]
    public void A_pod_listening_on_another_port_is_caught() =>
        Violations.Found(
            ReplicaProblems(Overlays.With<V1Deployment>(Overlays.Production, "supervision", d =>
                d.Spec.Template.Spec.Containers[0].Ports.Single(p => p.Name == "grpc").ContainerPort = 9091)),
            "Deployment/supervision: no container listens on 8081");

    [Fact]
    public void A_policy_that_lets_the_gateway_reach_only_virtual_ips_is_caught() =>
        Violations.Found(
            ReplicaProblems(Overlays.With<V1NetworkPolicy>(Overlays.Production, "gateway", p =>
                p.Spec.Egress[0].To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "10.96.0.0/12" } }])),
            "the gateway may not connect to Deployment/directives on 8081");

    private static IEnumerable<string> ReplicaProblems(IReadOnlyList<Manifest> manifests)
    {
        var env = Environment(manifests, "gateway");
        if (env.GetValueOrDefault("Proxy__Replicas__LookUpAddresses") != "true")
        {
            yield return "Deployment/gateway: Proxy__Replicas__LookUpAddresses is not true: each service would be one destination, balanced per connection";
        }

        var pods = Workloads.PodTemplates(manifests).ToList();
        var gateway = pods.Single(p => p.Owner.Name == "gateway");
        var policies = Workloads.OfKind<V1NetworkPolicy>(manifests).ToList();
        foreach (var (name, endpoint) in GatewayDestinations())
        {
            var target = new Uri(env[$"services__{name}__{endpoint}__0"]);
            var service = Workloads.OfKind<V1Service>(manifests).SingleOrDefault(s => s.Metadata.Name == target.Host);
            if (service is null)
            {
                yield return $"gateway: {target} names no Service";
                continue;
            }

            if (service.Spec.ClusterIP != "None")
            {
                yield return $"Service/{service.Metadata.Name}: not headless (clusterIP: None): its name answers with one virtual IP, not each pod's address";
            }

            var selected = pods.Where(p => Workloads.Matches(service.Spec.Selector, p.Labels)).ToList();
            if (selected.Count == 0)
            {
                yield return $"Service/{service.Metadata.Name}: selects no pods";
            }

            foreach (var pod in selected)
            {
                // Through a headless Service the gateway dials the pod's address on the port in its URL.
                if (!pod.Spec.Containers.Any(c => (c.Ports ?? []).Any(p => p.ContainerPort == target.Port)))
                {
                    yield return $"{pod}: no container listens on {target.Port}, the port the gateway dials";
                }

                if (!Allows(policies, gateway, pod, target.Port, "Egress") || !Allows(policies, pod, gateway, target.Port, "Ingress"))
                {
                    yield return $"NetworkPolicy: the gateway may not connect to {pod} on {target.Port}";
                }
            }
        }
    }

    /// <summary>The (service, endpoint) of every destination in the gateway's appsettings.json (http://_grpc.directives).</summary>
    private static IEnumerable<(string Name, string Endpoint)> GatewayDestinations()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject()
            .SelectMany(c => c.Value.GetProperty("Destinations").EnumerateObject())
            .Select(d => ServiceDiscoveryName().Match(d.Value.GetProperty("Address").GetString()!))
            .Select(m => (m.Groups["name"].Value, m.Groups["endpoint"].Value))
            .ToList();
    }

    /// <summary>
    /// Whether the policies governing <paramref name="pod"/> in this direction (none: all traffic)
    /// let it exchange traffic on <paramref name="port"/> with <paramref name="peer"/> of the same
    /// namespace: Egress from pod to peer, or Ingress to pod from peer.
    /// </summary>
    private static bool Allows(IReadOnlyList<V1NetworkPolicy> policies, Workloads.PodTemplate pod, Workloads.PodTemplate peer, int port, string direction)
    {
        var governing = policies.Where(p => Workloads.Matches(p.Spec.PodSelector, pod.Labels)
            && (p.Spec.PolicyTypes ?? ["Ingress"]).Contains(direction)).ToList();
        return governing.Count == 0 || governing.Any(policy =>
            (direction == "Egress"
                ? (policy.Spec.Egress ?? []).Select(r => (Peers: r.To, r.Ports))
                : (policy.Spec.Ingress ?? []).Select(r => (Peers: r.FromProperty, r.Ports)))
            .Any(rule =>
                (rule.Peers is not { Count: > 0 } || rule.Peers.Any(p => p.IpBlock is null && p.NamespaceSelector is null && Workloads.Matches(p.PodSelector, peer.Labels)))
                && (rule.Ports is not { Count: > 0 } || rule.Ports.Any(p => p.Port is null || p.Port.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
