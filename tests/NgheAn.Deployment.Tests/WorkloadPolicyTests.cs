using k8s.Models;
using NgheAn.Deployment.Tests.Policies;

namespace NgheAn.Deployment.Tests;

public class WorkloadPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_is_hardened_probed_and_limited(string overlay) =>
        Violations.None(WorkloadPolicy.Check(Overlays.Render(overlay)));

    private static V1Container App(V1Deployment d) => d.Spec.Template.Spec.Containers[0];

    /// <summary>Each way a service Deployment can fall short, and the finding it must produce.</summary>
    public static TheoryData<string, Action<V1Deployment>, string> BrokenServices => new()
    {
        { "no readiness probe", d => App(d).ReadinessProbe = null, "no readiness probe" },
        { "no liveness probe", d => App(d).LivenessProbe = null, "no liveness probe" },
        { "no startup probe", d => App(d).StartupProbe = null, "no startup probe" },
        { "HTTP instead of gRPC readiness", d => App(d).ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/health/ready", Port = 8080 } }, "readiness probe must be a native gRPC probe" },
        { "gRPC liveness on the wrong port", d => App(d).LivenessProbe.Grpc.Port = 8080, "liveness probe must be a native gRPC probe" },
        { "readiness asks the liveness service", d => App(d).ReadinessProbe.Grpc.Service = "liveness", "readiness probe must be a native gRPC probe" },
        { "no CPU limit", d => App(d).Resources.Limits.Remove("cpu"), "no cpu limit" },
        { "no memory request", d => App(d).Resources.Requests.Remove("memory"), "no memory request" },
        { "writable root filesystem", d => App(d).SecurityContext.ReadOnlyRootFilesystem = false, "readOnlyRootFilesystem must be true" },
        { "privilege escalation", d => App(d).SecurityContext.AllowPrivilegeEscalation = null, "allowPrivilegeEscalation must be false" },
        { "capabilities kept", d => App(d).SecurityContext.Capabilities.Drop = ["NET_RAW"], "capabilities must drop ALL" },
        { "a capability added", d => App(d).SecurityContext.Capabilities.Add = ["NET_ADMIN"], "capabilities must drop ALL" },
        { "privileged", d => App(d).SecurityContext.Privileged = true, "runs privileged" },
        { "container runs as root", d => App(d).SecurityContext.RunAsUser = 0, "runs as root" },
        { "pod may run as root", d => d.Spec.Template.Spec.SecurityContext.RunAsNonRoot = null, "runAsNonRoot must be true" },
        { "no seccomp profile", d => d.Spec.Template.Spec.SecurityContext.SeccompProfile = null, "seccompProfile.type must be RuntimeDefault" },
        { "unconfined seccomp", d => App(d).SecurityContext.SeccompProfile.Type = "Unconfined", "container app: securityContext.seccompProfile must not be Unconfined" },
        { "host network", d => d.Spec.Template.Spec.HostNetwork = true, "host's network" },
        { "host port", d => App(d).Ports[0].HostPort = 8080, "binds a host port" },
        { "no spread over nodes", d => d.Spec.Template.Spec.TopologySpreadConstraints = null, "kubernetes.io/hostname" },
        { "no preStop", d => App(d).Lifecycle = null, "no preStop sleep" },
        { "grace period too short for the outbox relay", d => d.Spec.Template.Spec.TerminationGracePeriodSeconds = 30, "terminationGracePeriodSeconds must cover" },
        { "no writable /tmp", d => App(d).VolumeMounts = null, "no emptyDir at /tmp" },
        { "service account token mounted", d => d.Spec.Template.Spec.AutomountServiceAccountToken = null, "service account token" },
    };

    [Theory]
    [MemberData(nameof(BrokenServices))]
    public void A_service_Deployment_that_falls_short_is_caught(string what, Action<V1Deployment> breakIt, string expected)
    {
        Assert.NotNull(what);
        var manifests = Overlays.With(Overlays.Production, "directives", breakIt);

        Violations.Found(WorkloadPolicy.Check(manifests), expected);
        Assert.All(WorkloadPolicy.Check(manifests), v => Assert.StartsWith("Deployment/directives: ", v));
    }

    [Theory]
    [InlineData("/health/live", "readiness probe must be an HTTP probe of /health/ready")]
    [InlineData(null, "readiness probe must be an HTTP probe of /health/ready")]
    public void A_gateway_without_its_HTTP_readiness_probe_is_caught(string? path, string expected)
    {
        var manifests = Overlays.With<V1Deployment>(Overlays.Production, "gateway", d =>
            d.Spec.Template.Spec.Containers[0].ReadinessProbe = path is null
                ? new V1Probe { Grpc = new V1GRPCAction { Port = 8081 } }
                : new V1Probe { HttpGet = new V1HTTPGetAction { Path = path, Port = "http" } });

        Violations.Found(WorkloadPolicy.Check(manifests), "Deployment/gateway: the " + expected);
    }

    [Fact]
    public void A_dependency_without_limits_or_probes_is_caught_too()
    {
        var manifests = Overlays.With<V1StatefulSet>(Overlays.Production, "redis", s =>
        {
            s.Spec.Template.Spec.Containers[0].Resources = null;
            s.Spec.Template.Spec.Containers[0].LivenessProbe = null;
        });

        var found = WorkloadPolicy.Check(manifests).ToList();
        Violations.Found(found, "StatefulSet/redis: container redis: no memory limit");
        Violations.Found(found, "StatefulSet/redis: container redis: no liveness probe");
    }

    [Fact]
    public void A_Secret_on_a_command_line_is_caught()
    {
        // What Redis did before: the password from the Secret as an argument, visible in `ps`.
        var manifests = Overlays.With<V1StatefulSet>(Overlays.Production, "redis", s =>
        {
            var redis = s.Spec.Template.Spec.Containers[0];
            redis.Env = [new V1EnvVar { Name = "REDIS_PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "redis", Key = "password" } } }];
            redis.Command = ["redis-server"];
            redis.Args = ["--requirepass", "$(REDIS_PASSWORD)"];
        });

        Violations.Found(WorkloadPolicy.Check(manifests), "StatefulSet/redis: container redis: puts the Secret-sourced $(REDIS_PASSWORD) on its command line");
    }
}
