namespace NgheAn.Gateway.Proxy;

/// <summary>
/// Configuration section "Proxy:Replicas": how the gateway finds every replica of a service.
/// Off (locally, under Aspire) each service-discovery address is one destination. On (Kubernetes,
/// set in the gateway's ConfigMap) the host name of each address is looked up in DNS again and
/// again, and every address it answers with (one per ready pod of a headless Service) becomes a
/// destination of its own, so YARP's load balancing picks a pod per request.
/// </summary>
public sealed class ReplicaOptions
{
    public const string Section = "Proxy:Replicas";

    /// <summary>Turn host names into one destination per address (headless Services).</summary>
    public bool LookUpAddresses { get; set; }

    /// <summary>
    /// How often the addresses are looked up again: a new pod gets calls, and a removed one stops
    /// getting them, within this period plus the DNS server's cache time (CoreDNS: 5 s for
    /// Kubernetes records), inside the services' 10 s preStop sleep.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
