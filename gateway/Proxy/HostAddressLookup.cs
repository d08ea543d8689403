using System.Net;

namespace NgheAn.Gateway.Proxy;

/// <summary>The addresses a host name stands for (in Kubernetes: one per ready pod of a headless Service).</summary>
public interface IHostAddressLookup
{
    /// <summary>Throws a <see cref="System.Net.Sockets.SocketException"/> when the name cannot be looked up.</summary>
    Task<IPAddress[]> GetAddressesAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's resolver (the cluster's DNS in a pod). It keeps no cache of its own.</summary>
public sealed class DnsHostAddressLookup : IHostAddressLookup
{
    public Task<IPAddress[]> GetAddressesAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
