using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// Every pod: Pod Security "restricted" (what the namespaces enforce, <see cref="Restricted"/>) and
/// more (pod-wide non-root and seccomp, read-only root filesystem, no capability added, no Secret on a
/// command line), requests and limits on every container, the three probes on every long-running
/// container, spread over nodes. The platform's own pods also: gRPC probes on the grpc.health.v1 port
/// (HTTP probes for the gateway), a graceful shutdown long enough for the outbox relay (not the
/// migration Jobs, which serve nothing), /tmp writable.
/// </summary>
public static class WorkloadPolicy
{
    public const int GrpcPort = 8081;
    public const int ShutdownTimeoutSeconds = 30; // DOTNET_SHUTDOWNTIMEOUTSECONDS

    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests) =>
        PodTemplates(manifests).SelectMany(Check);

    public static IEnumerable<string> Check(PodTemplate pod) => Restricted(pod).Concat(Hardened(pod));

    /// <summary>Every pod template in the manifests, including those the operators build from custom resources, against "restricted".</summary>
    public static IEnumerable<string> CheckRestricted(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        return PodTemplates(list).Concat(OperatorPodTemplates(list)).SelectMany(Restricted);
    }

    // https://kubernetes.io/docs/concepts/security/pod-security-standards/ (baseline and restricted)
    private static readonly string[] RestrictedVolumeTypes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
    private static readonly string[] SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];
    private static readonly string?[] AllowedSeLinuxTypes = [null, "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

    /// <summary>
    /// The checks of the Pod Security Standard "restricted" (which includes "baseline"): what the API
    /// server would refuse in a namespace that enforces it. Settings may be made pod-wide or on every
    /// container, as the standard allows.
    /// </summary>
    public static IEnumerable<string> Restricted(PodTemplate pod)
    {
        var spec = pod.Spec;
        var podSecurity = spec.SecurityContext;
        var containers = pod.AllContainers.ToList();
        if (spec.HostNetwork == true || spec.HostPID == true || spec.HostIPC == true)
        {
            yield return $"{pod}: uses the host's network, PID or IPC namespace";
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            var types = VolumeTypes(volume).ToList();
            if (types.Any(t => !RestrictedVolumeTypes.Contains(t)))
            {
                yield return $"{pod}: volume {volume.Name} is of a type \"restricted\" forbids ({string.Join(", ", types)})";
            }
        }

        if (podSecurity?.RunAsUser == 0)
        {
            yield return $"{pod}: pod securityContext.runAsUser is root";
        }

        if (podSecurity?.SeccompProfile is { Type: not ("RuntimeDefault" or "Localhost") })
        {
            yield return $"{pod}: pod securityContext.seccompProfile must not be Unconfined";
        }

        foreach (var sysctl in podSecurity?.Sysctls ?? [])
        {
            if (!SafeSysctls.Contains(sysctl.Name))
            {
                yield return $"{pod}: sets the unsafe sysctl {sysctl.Name}";
            }
        }

        foreach (var problem in SecurityOptions(podSecurity?.SeLinuxOptions, podSecurity?.AppArmorProfile, podSecurity?.WindowsOptions))
        {
            yield return $"{pod}: pod securityContext: {problem}";
        }

        foreach (var container in containers)
        {
            var security = container.SecurityContext;
            foreach (var problem in RestrictedContainer(container, podSecurity))
            {
                yield return $"{pod}: container {container.Name}: {problem}";
            }

            foreach (var problem in SecurityOptions(security?.SeLinuxOptions, security?.AppArmorProfile, security?.WindowsOptions))
            {
                yield return $"{pod}: container {container.Name}: securityContext: {problem}";
            }
        }
    }

    private static IEnumerable<string> RestrictedContainer(V1Container container, V1PodSecurityContext? podSecurity)
    {
        var security = container.SecurityContext;
        if (security?.AllowPrivilegeEscalation != false)
        {
            yield return "securityContext.allowPrivilegeEscalation must be false";
        }

        if (security?.Privileged == true)
        {
            yield return "runs privileged";
        }

        if (security?.RunAsUser == 0 || (security?.RunAsNonRoot ?? podSecurity?.RunAsNonRoot) != true)
        {
            yield return "runs as root (runAsNonRoot must be true, on the pod or the container, and runAsUser not 0)";
        }

        var added = security?.Capabilities?.Add ?? [];
        if (!(security?.Capabilities?.Drop ?? []).Contains("ALL") || added.Any(c => c != "NET_BIND_SERVICE"))
        {
            yield return "securityContext.capabilities must drop ALL and add nothing but NET_BIND_SERVICE";
        }

        if (security?.SeccompProfile is { Type: not ("RuntimeDefault" or "Localhost") })
        {
            yield return "securityContext.seccompProfile must not be Unconfined";
        }
        else if (security?.SeccompProfile is null && podSecurity?.SeccompProfile is null)
        {
            yield return "no seccomp profile (RuntimeDefault or Localhost, on the pod or the container)";
        }

        if (security?.ProcMount is not (null or "Default"))
        {
            yield return "securityContext.procMount must be Default";
        }

        if ((container.Ports ?? []).Any(p => p.HostPort is > 0))
        {
            yield return "binds a host port";
        }
    }

    private static IEnumerable<string> SecurityOptions(V1SELinuxOptions? seLinux, V1AppArmorProfile? appArmor, V1WindowsSecurityContextOptions? windows)
    {
        if (seLinux is not null && (!AllowedSeLinuxTypes.Contains(seLinux.Type) || !string.IsNullOrEmpty(seLinux.User) || !string.IsNullOrEmpty(seLinux.Role)))
        {
            yield return "seLinuxOptions set a forbidden type, user or role";
        }

        if (appArmor?.Type == "Unconfined")
        {
            yield return "appArmorProfile must not be Unconfined";
        }

        if (windows?.HostProcess == true)
        {
            yield return "runs as a Windows host process";
        }
    }

    /// <summary>The volume's source fields that are set (a volume has exactly one).</summary>
    private static IEnumerable<string> VolumeTypes(V1Volume volume) =>
        typeof(V1Volume).GetProperties()
            .Where(p => p.Name != nameof(V1Volume.Name) && p.GetValue(volume) is not null)
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);

    /// <summary>The house rules beyond "restricted", and what makes a pod run well.</summary>
    private static IEnumerable<string> Hardened(PodTemplate pod)
    {
        var spec = pod.Spec;
        var podSecurity = spec.SecurityContext;
        if (podSecurity?.RunAsNonRoot != true)
        {
            yield return $"{pod}: pod securityContext.runAsNonRoot must be true";
        }

        if (podSecurity?.SeccompProfile?.Type != "RuntimeDefault")
        {
            yield return $"{pod}: pod securityContext.seccompProfile.type must be RuntimeDefault";
        }

        if (pod.Owner.Typed is V1Deployment or V1StatefulSet
            && !(spec.TopologySpreadConstraints ?? []).Any(c => c.TopologyKey == "kubernetes.io/hostname" && Matches(c.LabelSelector, pod.Labels)))
        {
            yield return $"{pod}: no topology spread constraint over kubernetes.io/hostname that selects its own pods";
        }

        foreach (var container in pod.AllContainers)
        {
            foreach (var problem in HardenedContainer(container))
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

    private static IEnumerable<string> HardenedContainer(V1Container container)
    {
        var security = container.SecurityContext;
        if (security?.ReadOnlyRootFilesystem != true)
        {
            yield return "securityContext.readOnlyRootFilesystem must be true";
        }

        if ((security?.Capabilities?.Add ?? []).Count > 0)
        {
            yield return "securityContext.capabilities must add none (all ports here are unprivileged)";
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

        // A Secret's value in an argument is visible in `ps` on the node and in the pod's spec.
        var fromSecrets = (container.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.Name).ToHashSet();
        foreach (var name in (container.Command ?? []).Concat(container.Args ?? []).SelectMany(VariableReferences).Where(fromSecrets.Contains).Distinct())
        {
            yield return $"puts the Secret-sourced $({name}) on its command line (mount the Secret as a file instead)";
        }
    }

    private static IEnumerable<string> VariableReferences(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)").Select(m => m.Groups[1].Value);

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
