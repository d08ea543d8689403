using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace NgheAn.Gateway.Proxy;

/// <summary>
/// One destination per replica. Service discovery first turns "http://_grpc.directives" into the
/// configured address ("http://directives:8081"); with <see cref="ReplicaOptions.LookUpAddresses"/>
/// on, that host name is then looked up and each address becomes a destination
/// ("directives[…]@10.1.2.3" → http://10.1.2.3:8081), looked up again every
/// <see cref="ReplicaOptions.RefreshPeriod"/>. One HTTP/2 connection to a ClusterIP would pin every
/// call to the pod it happened to reach; a destination per pod lets YARP balance each request.
/// A destination's id is its address, so a pod keeps its passive-health state across look-ups.
/// YARP stops listening for changes (for 5 minutes) when a resolver throws, and a gateway whose first
/// look-up throws does not start: so a failed look-up never throws here.
/// </summary>
public sealed class ReplicaDestinationResolver(
    IDestinationResolver discovery,
    IHostAddressLookup lookup,
    IOptionsMonitor<ReplicaOptions> options,
    ILogger<ReplicaDestinationResolver> logger) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var discovered = await discovery.ResolveDestinationsAsync(destinations, cancellationToken);
        var settings = options.CurrentValue;
        if (!settings.LookUpAddresses)
        {
            return discovered;
        }

        var replicas = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, destination) in discovered.Destinations)
        {
            foreach (var (replicaId, replica) in await ReplicasOfAsync(id, destination, cancellationToken))
            {
                replicas[replicaId] = replica;
            }
        }

        IChangeToken refresh = new CancellationChangeToken(new CancellationTokenSource(settings.RefreshPeriod).Token);
        return new ResolvedDestinationCollection(
            replicas,
            discovered.ChangeToken is { } configuration ? new CompositeChangeToken([configuration, refresh]) : refresh);
    }

    private async Task<IEnumerable<(string Id, DestinationConfig Config)>> ReplicasOfAsync(
        string id, DestinationConfig destination, CancellationToken cancellationToken)
    {
        var address = new Uri(destination.Address);
        if (address.HostNameType != UriHostNameType.Dns)
        {
            return [(id, destination)]; // already an address
        }

        IPAddress[] addresses;
        try
        {
            addresses = await lookup.GetAddressesAsync(address.DnsSafeHost, cancellationToken);
        }
        catch (SocketException error) when (error.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            // A headless Service with no ready pod has no record: calls get 503 / UNAVAILABLE until one is ready.
            logger.LogWarning("{Host} has no address (no ready replica?): {Destination} gets no calls until one appears", address.DnsSafeHost, id);
            return [];
        }
        catch (SocketException error)
        {
            // DNS itself did not answer: connect by name (one connection, no per-request balancing)
            // rather than drop the service, and look again at the next refresh.
            logger.LogWarning(error, "Could not look up {Host}: {Destination} is reached by name until the next look-up", address.DnsSafeHost, id);
            return [(id, destination)];
        }

        // The Host header (HTTP/2 :authority) stays the name the services were configured with.
        var host = destination.Host is { Length: > 0 } configured ? configured : address.Authority;
        return addresses.Distinct().Select(ip => (
            $"{id}@{ip}",
            destination with { Address = WithHost(destination.Address, ip)!, Health = WithHost(destination.Health, ip), Host = host }));
    }

    private static string? WithHost(string? address, IPAddress ip) =>
        address is { Length: > 0 } ? new UriBuilder(address) { Host = ip.ToString() }.Uri.ToString() : address;
}
