using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// The services are reachable only through the gateway, and the gateway only from another namespace
/// named outright (the Gateway API implementation's proxies): a default-deny policy covers every pod;
/// every ingress rule that selects a service pod admits only gateway pods of the same namespace; no
/// Service is published outside the cluster (NodePort, LoadBalancer, external IPs). What the public
/// edge itself may do is <see cref="EdgePolicy"/>.
/// </summary>
public static class ExposurePolicy
{
    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        var policies = OfKind<V1NetworkPolicy>(list).ToList();
        var pods = PodTemplates(list).ToList();

        if (!policies.Any(IsDefaultDeny))
        {
            yield return "no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)";
        }

        foreach (var pod in pods.Where(p => p.IsPlatform && p.Role is "service" or "gateway"))
        {
            var admitting = policies.Where(p => Governs(p, pod.Labels, "Ingress")).ToList();
            if (admitting.Count == 0)
            {
                yield return $"{pod}: no NetworkPolicy isolates its ingress";
            }

            foreach (var policy in admitting)
            {
                foreach (var rule in policy.Spec.Ingress ?? [])
                {
                    if (rule.FromProperty is not { Count: > 0 } peers)
                    {
                        yield return $"{pod}: NetworkPolicy/{policy.Metadata.Name} admits traffic from anywhere";
                        continue;
                    }

                    foreach (var peer in peers)
                    {
                        if (PeerProblem(pod, peer, pods) is { } problem)
                        {
                            yield return $"{pod}: NetworkPolicy/{policy.Metadata.Name} {problem}";
                        }
                    }
                }
            }
        }

        foreach (var service in OfKind<V1Service>(list))
        {
            var spec = service.Spec;
            if (spec.Type is not (null or "ClusterIP") || spec.ExternalIPs is { Count: > 0 } || (spec.Ports ?? []).Any(p => p.NodePort is > 0))
            {
                yield return $"Service/{service.Metadata.Name}: published outside the cluster (type {spec.Type}); only the Gateway (components/gateway-api) may publish the gateway";
            }
        }
    }

    /// <summary>Who a peer admits to this pod: services admit only the gateway; the gateway only pods of a namespace selected by name or label.</summary>
    private static string? PeerProblem(PodTemplate pod, V1NetworkPolicyPeer peer, IReadOnlyList<PodTemplate> pods)
    {
        if (peer.IpBlock is not null)
        {
            return $"admits addresses {peer.IpBlock.Cidr}";
        }

        if (pod.Role == "gateway")
        {
            return peer.NamespaceSelector is { } ns && Matches(ns, new Dictionary<string, string>()) ? "admits every namespace"
                : peer.NamespaceSelector is null ? "admits pods of its own namespace (only the Gateway's proxies, in theirs, may reach it)"
                : null;
        }

        if (peer.NamespaceSelector is not null)
        {
            return "admits pods of other namespaces";
        }

        var admitted = pods.Where(p => Matches(peer.PodSelector, p.Labels)).ToList();
        return admitted.Count == 0 || admitted.Any(p => !(p.IsPlatform && p.Role == "gateway"))
            ? $"admits pods other than the gateway ({string.Join(", ", admitted.Where(p => p.Role != "gateway").Select(p => p.ToString()).DefaultIfEmpty("any pod matching its selector"))})"
            : null;
    }

    private static bool Governs(V1NetworkPolicy policy, IDictionary<string, string> labels, string direction) =>
        Matches(policy.Spec.PodSelector, labels) && Directions(policy).Contains(direction);

    private static IEnumerable<string> Directions(V1NetworkPolicy policy) =>
        policy.Spec.PolicyTypes is { Count: > 0 } types ? types
            : policy.Spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];

    private static bool IsDefaultDeny(V1NetworkPolicy policy) =>
        policy.Spec.PodSelector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } }
        && Directions(policy).Order().SequenceEqual(["Egress", "Ingress"])
        && policy.Spec.Ingress is null or { Count: 0 }
        && policy.Spec.Egress is null or { Count: 0 };
}
