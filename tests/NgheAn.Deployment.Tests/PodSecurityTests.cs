using k8s.Models;
using NgheAn.Deployment.Tests.Policies;

namespace NgheAn.Deployment.Tests;

/// <summary>The namespaces enforce Pod Security "restricted", and every pod the overlays make (or make an operator make) meets it.</summary>
public class PodSecurityTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_namespace_enforces_restricted(string overlay)
    {
        var labels = Assert.Single(Workloads.OfKind<V1Namespace>(Overlays.Render(overlay))).Metadata.Labels;

        Assert.Equal("restricted", labels["pod-security.kubernetes.io/enforce"]);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_template_meets_restricted(string overlay)
    {
        var manifests = Overlays.Render(overlay);

        Violations.None(WorkloadPolicy.CheckRestricted(manifests));
        Assert.Equal(manifests.Count(m => Workloads.Operators.Any(o => o.Kind == m.Kind)), Workloads.OperatorPodTemplates(manifests).Count());
    }

    /// <summary>Each way a pod breaks "restricted", on Redis's StatefulSet (any pod template is checked alike).</summary>
    public static TheoryData<string, Action<V1PodSpec>, string> Broken => new()
    {
        { "hostPath volume", p => p.Volumes.Add(new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/var/run" } }), "volume host is of a type \"restricted\" forbids (hostPath)" },
        { "NFS volume", p => p.Volumes.Add(new V1Volume { Name = "nfs", Nfs = new V1NFSVolumeSource { Path = "/export", Server = "nfs.local" } }), "volume nfs is of a type \"restricted\" forbids (nfs)" },
        { "host PID", p => p.HostPID = true, "host's network, PID or IPC" },
        { "root and no runAsNonRoot anywhere", p => { p.SecurityContext.RunAsNonRoot = null; p.Containers[0].SecurityContext.RunAsNonRoot = null; }, "container redis: runs as root" },
        { "pod runs as uid 0", p => p.SecurityContext.RunAsUser = 0, "pod securityContext.runAsUser is root" },
        { "no seccomp anywhere", p => { p.SecurityContext.SeccompProfile = null; p.Containers[0].SecurityContext.SeccompProfile = null; }, "container redis: no seccomp profile" },
        { "unconfined pod seccomp", p => p.SecurityContext.SeccompProfile.Type = "Unconfined", "pod securityContext.seccompProfile must not be Unconfined" },
        { "a capability beyond NET_BIND_SERVICE", p => p.Containers[0].SecurityContext.Capabilities.Add = ["SYS_ADMIN"], "capabilities must drop ALL and add nothing but NET_BIND_SERVICE" },
        { "privilege escalation", p => p.Containers[0].SecurityContext.AllowPrivilegeEscalation = true, "allowPrivilegeEscalation must be false" },
        { "privileged", p => p.Containers[0].SecurityContext.Privileged = true, "runs privileged" },
        { "unmasked /proc", p => p.Containers[0].SecurityContext.ProcMount = "Unmasked", "procMount must be Default" },
        { "unsafe sysctl", p => p.SecurityContext.Sysctls = [new V1Sysctl { Name = "kernel.msgmax", Value = "65536" }], "unsafe sysctl kernel.msgmax" },
        { "unconfined AppArmor", p => p.Containers[0].SecurityContext.AppArmorProfile = new V1AppArmorProfile { Type = "Unconfined" }, "appArmorProfile must not be Unconfined" },
        { "SELinux user", p => p.SecurityContext.SeLinuxOptions = new V1SELinuxOptions { User = "system_u" }, "seLinuxOptions set a forbidden type, user or role" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_pod_that_breaks_restricted_is_caught(string what, Action<V1PodSpec> breakIt, string expected)
    {
        Assert.NotNull(what);
        var manifests = Overlays.With<V1StatefulSet>(Overlays.Production, "redis", s => breakIt(s.Spec.Template.Spec));

        var found = WorkloadPolicy.CheckRestricted(manifests).ToList();
        Violations.Found(found, expected);
        Assert.All(found, v => Assert.StartsWith("StatefulSet/redis: ", v));
    }

    [Fact]
    public void Restricted_allows_what_it_allows()
    {
        // Settings made on every container instead of the pod, and NET_BIND_SERVICE, meet "restricted"
        // (the house rules of WorkloadPolicy.Check are stricter).
        var manifests = Overlays.With<V1StatefulSet>(Overlays.Production, "redis", s =>
        {
            var pod = s.Spec.Template.Spec;
            pod.SecurityContext.RunAsNonRoot = null;
            pod.SecurityContext.SeccompProfile = null;
            pod.Containers[0].SecurityContext.Capabilities.Add = ["NET_BIND_SERVICE"];
        });

        Violations.None(WorkloadPolicy.CheckRestricted(manifests));
        Violations.Found(WorkloadPolicy.Check(manifests), "StatefulSet/redis: pod securityContext.runAsNonRoot must be true");
        Violations.Found(WorkloadPolicy.Check(manifests), "StatefulSet/redis: container redis: securityContext.capabilities must add none");
    }

    [Theory]
    [InlineData("setup-container", "initContainers")]
    [InlineData("rabbitmq", "containers")]
    public void A_RabbitMQ_container_without_its_restricted_security_context_is_caught(string container, string list)
    {
        // Without the override the operator's defaults decide, which the repository does not control.
        var rendered = Workloads.OperatorPodTemplates(Overlays.Production).Single();
        Assert.Contains(rendered.AllContainers, c => c.Name == container && c.SecurityContext is not null);
        var manifests = Overlays.Plus(Overlays.Without(Overlays.Production, m => m.Kind == "RabbitmqCluster"), $$"""
            apiVersion: rabbitmq.com/v1beta1
            kind: RabbitmqCluster
            metadata: {name: rabbitmq}
            spec:
              replicas: 3
              override:
                statefulSet:
                  spec:
                    template:
                      spec:
                        securityContext:
                          runAsNonRoot: true
                          seccompProfile:
                            type: RuntimeDefault
                        {{list}}:
                          - name: {{container}}
                            securityContext:
                              privileged: false
            """);

        var found = WorkloadPolicy.CheckRestricted(manifests).ToList();
        Violations.Found(found, $"RabbitmqCluster/rabbitmq: container {container}: securityContext.allowPrivilegeEscalation must be false");
        Violations.Found(found, $"RabbitmqCluster/rabbitmq: container {container}: securityContext.capabilities must drop ALL");
    }

    [Fact]
    public void A_Keycloak_pod_template_is_checked_its_unnamed_container_being_the_operators()
    {
        var manifests = Overlays.Plus(Overlays.Production, """
            apiVersion: k8s.keycloak.org/v2alpha1
            kind: Keycloak
            metadata: {name: keycloak}
            spec:
              unsupported:
                podTemplate:
                  spec:
                    securityContext:
                      runAsNonRoot: true
                      seccompProfile:
                        type: RuntimeDefault
                    containers:
                      - securityContext:
                          allowPrivilegeEscalation: false
            """);

        var found = WorkloadPolicy.CheckRestricted(manifests).ToList();
        Violations.Found(found, "Keycloak/keycloak: container keycloak: securityContext.capabilities must drop ALL");
        Assert.DoesNotContain(found, v => v.Contains("allowPrivilegeEscalation", StringComparison.Ordinal));
    }
}
