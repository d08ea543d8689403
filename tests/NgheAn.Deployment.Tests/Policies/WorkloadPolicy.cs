using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// Every pod: restricted security context, requests and limits on every container, the three probes
/// on every long-running container, spread over nodes. The platform's own pods also: gRPC probes on
/// the grpc.health.v1 port (HTTP probes for the gateway), a graceful shutdown long enough for the
/// outbox relay (not the migration Jobs, which serve nothing), /tmp writable.
/// </summary>
public static class WorkloadPolicy
{
    public const int GrpcPort = 8081;
    public const int ShutdownTimeoutSeconds = 30; // DOTNET_SHUTDOWNTIMEOUTSECONDS

    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests) =>
        PodTemplates(manifests).SelectMany(Check);

    public static IEnumerable<string> Check(PodTemplate pod)
    {
        var spec = pod.Spec;
        var podSecurity = spec.SecurityContext;
        if (podSecurity?.RunAsNonRoot != true)
        {
            yield return $"{pod}: pod securityContext.runAsNonRoot must be true";
        }

        if (podSecurity?.RunAsUser == 0)
        {
            yield return $"{pod}: pod securityContext.runAsUser is root";
        }

        if (podSecurity?.SeccompProfile?.Type != "RuntimeDefault")
        {
            yield return $"{pod}: pod securityContext.seccompProfile.type must be RuntimeDefault";
        }

        if (spec.HostNetwork == true || spec.HostPID == true || spec.HostIPC == true)
        {
            yield return $"{pod}: uses the host's network, PID or IPC namespace";
        }

        if (pod.Owner.Typed is V1Deployment or V1StatefulSet
            && !(spec.TopologySpreadConstraints ?? []).Any(c => c.TopologyKey == "kubernetes.io/hostname" && Matches(c.LabelSelector, pod.Labels)))
        {
            yield return $"{pod}: no topology spread constraint over kubernetes.io/hostname that selects its own pods";
        }

        foreach (var container in pod.AllContainers)
        {
            foreach (var problem in CheckContainer(container))
            {
                yield return $"{pod}: container {container.Name}: {problem}";
            }
        }

        if (pod.Owner.Typed is V1Deployment or V1StatefulSet or V1DaemonSet)
        {
            foreach (var container in spec.Containers ?? [])
            {
                foreach (var (probe, name) in new[] { (container.StartupProbe, "startup"), (container.ReadinessProbe, "readiness"), (container.LivenessProbe, "liveness") })
                {
                    if (probe is null || (probe.Grpc, probe.HttpGet, probe.TcpSocket, probe.Exec) == (null, null, null, null))
                    {
                        yield return $"{pod}: container {container.Name}: no {name} probe";
                    }
                }
            }
        }

        if (pod.IsPlatform)
        {
            foreach (var problem in CheckPlatformPod(pod))
            {
                yield return $"{pod}: {problem}";
            }
        }
    }

    private static IEnumerable<string> CheckContainer(V1Container container)
    {
        var security = container.SecurityContext;
        if (security?.AllowPrivilegeEscalation != false)
        {
            yield return "securityContext.allowPrivilegeEscalation must be false";
        }

        if (security?.ReadOnlyRootFilesystem != true)
        {
            yield return "securityContext.readOnlyRootFilesystem must be true";
        }

        if (security?.Privileged == true)
        {
            yield return "runs privileged";
        }

        if (security?.RunAsUser == 0 || security?.RunAsNonRoot == false)
        {
            yield return "runs as root";
        }

        if (!(security?.Capabilities?.Drop ?? []).Contains("ALL") || (security?.Capabilities?.Add ?? []).Count > 0)
        {
            yield return "securityContext.capabilities must drop ALL and add none";
        }

        if (security?.SeccompProfile is { Type: not "RuntimeDefault" and not "Localhost" })
        {
            yield return "securityContext.seccompProfile must not be Unconfined";
        }

        foreach (var resource in new[] { "cpu", "memory" })
        {
            if (container.Resources?.Requests?.ContainsKey(resource) != true)
            {
                yield return $"no {resource} request";
            }

            if (container.Resources?.Limits?.ContainsKey(resource) != true)
            {
                yield return $"no {resource} limit";
            }
        }

        if ((container.Ports ?? []).Any(p => p.HostPort is > 0))
        {
            yield return "binds a host port";
        }
    }

    private static IEnumerable<string> CheckPlatformPod(PodTemplate pod)
    {
        var spec = pod.Spec;
        var app = spec.Containers.Single();
        if (pod.Role == "service")
        {
            foreach (var (probe, name, service) in new[] { (app.ReadinessProbe, "readiness", "readiness"), (app.LivenessProbe, "liveness", "liveness"), (app.StartupProbe, "startup", "liveness") })
            {
                if (probe?.Grpc is not { Port: GrpcPort } grpc || grpc.Service != service)
                {
                    yield return $"the {name} probe must be a native gRPC probe on port {GrpcPort} for grpc.health.v1 service '{service}'";
                }
            }

        }
        else if (pod.Role == "gateway")
        {
            foreach (var (probe, name, path) in new[] { (app.ReadinessProbe, "readiness", "/health/ready"), (app.LivenessProbe, "liveness", "/health/live"), (app.StartupProbe, "startup", "/health/live") })
            {
                if (probe?.HttpGet is not { } http || http.Path != path || http.Port.Value is not ("http" or "8080"))
                {
                    yield return $"the {name} probe must be an HTTP probe of {path} on the http port";
                }
            }
        }

        var preStop = app.Lifecycle?.PreStop?.Sleep?.Seconds;
        if (pod.Role == "migration")
        {
            // A run-to-completion Job (DatabasePolicy checks its wiring): no traffic to drain.
        }
        else if (preStop is not > 0)
        {
            yield return "no preStop sleep (endpoints must drop the pod before it stops)";
        }
        else if ((spec.TerminationGracePeriodSeconds ?? 30) < preStop + ShutdownTimeoutSeconds)
        {
            yield return $"terminationGracePeriodSeconds must cover the preStop sleep ({preStop} s) and the host's shutdown timeout ({ShutdownTimeoutSeconds} s) for the outbox relay to stop cleanly";
        }

        var tmp = (app.VolumeMounts ?? []).FirstOrDefault(v => v.MountPath == "/tmp");
        if (tmp is null || (spec.Volumes ?? []).FirstOrDefault(v => v.Name == tmp.Name)?.EmptyDir is null)
        {
            yield return "no emptyDir at /tmp (ASP.NET Core writes there; the root filesystem is read-only)";
        }

        if (spec.AutomountServiceAccountToken != false)
        {
            yield return "mounts a service account token it never uses";
        }
    }
}
