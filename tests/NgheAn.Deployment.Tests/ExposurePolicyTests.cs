using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

public class ExposurePolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Services_are_reachable_only_through_the_gateway(string overlay) =>
        Violations.None(ExposurePolicy.Check(Overlays.Render(overlay)));

    private static IReadOnlyList<Manifest> WithServicesPolicy(Action<V1NetworkPolicy> change) =>
        Overlays.With(Overlays.Production, "services", change);

    public static TheoryData<string, Func<IReadOnlyList<Manifest>>, string> Exposed => new()
    {
        {
            "ingress from any pod",
            () => WithServicesPolicy(p => p.Spec.Ingress[0].FromProperty[0].PodSelector = new V1LabelSelector()),
            "Deployment/directives: NetworkPolicy/services admits pods other than the gateway"
        },
        {
            "ingress from another namespace",
            () => WithServicesPolicy(p => p.Spec.Ingress[0].FromProperty[0].NamespaceSelector = new V1LabelSelector()),
            "Deployment/cadrework: NetworkPolicy/services admits pods of other namespaces"
        },
        {
            "ingress from addresses",
            () => WithServicesPolicy(p => p.Spec.Ingress[0].FromProperty = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "10.0.0.0/8" } }]),
            "Deployment/emulation: NetworkPolicy/services admits addresses 10.0.0.0/8"
        },
        {
            "ingress rule without peers",
            () => WithServicesPolicy(p => p.Spec.Ingress[0].FromProperty = null),
            "Deployment/supervision: NetworkPolicy/services admits traffic from anywhere"
        },
        {
            "one service may call another",
            () => Overlays.Plus(Overlays.Production, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: directives-from-emulation}
                spec:
                  podSelector: {matchLabels: {app.kubernetes.io/name: directives}}
                  policyTypes: [Ingress]
                  ingress: [{from: [{podSelector: {matchLabels: {app.kubernetes.io/name: emulation}}}]}]
                """),
            "Deployment/directives: NetworkPolicy/directives-from-emulation admits pods other than the gateway (Deployment/emulation, Job/emulation-migrate)"
        },
        {
            "no network policies at all",
            () => Overlays.Without(Overlays.Production, m => m.Kind == "NetworkPolicy"),
            "Deployment/directives: no NetworkPolicy isolates its ingress"
        },
        {
            "no default deny",
            () => Overlays.Without(Overlays.Production, m => m.Name == "default-deny"),
            "no default-deny NetworkPolicy"
        },
        {
            "gateway open to every namespace",
            () => Overlays.With<V1NetworkPolicy>(Overlays.Production, "gateway", p => p.Spec.Ingress[0].FromProperty[0].NamespaceSelector = new V1LabelSelector()),
            "Deployment/gateway: NetworkPolicy/gateway admits every namespace"
        },
        {
            "a service published on a node port",
            () => Overlays.With<V1Service>(Overlays.Production, "supervision", s => s.Spec.Type = "NodePort"),
            "Service/supervision: published outside the cluster"
        },
        {
            "the gateway behind a load balancer",
            () => Overlays.With<V1Service>(Overlays.Production, "gateway", s => s.Spec.Type = "LoadBalancer"),
            "Service/gateway: published outside the cluster"
        },
    };

    [Theory]
    [MemberData(nameof(Exposed))]
    public void A_service_reachable_from_outside_the_gateway_is_caught(string what, Func<IReadOnlyList<Manifest>> manifests, string expected)
    {
        Assert.NotNull(what);
        Violations.Found(ExposurePolicy.Check(manifests()), expected);
    }
}
