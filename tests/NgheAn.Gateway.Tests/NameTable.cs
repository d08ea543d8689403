using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using NgheAn.Gateway.Proxy;

namespace NgheAn.Gateway.Tests;

/// <summary>
/// Host names → addresses, as a cluster's DNS answers for a headless Service (one address per
/// ready pod). No DNS server here can serve such a name, so tests set the answers; an unknown name
/// is "not found", a name set to <see cref="Unreachable"/> fails as when DNS does not answer.
/// </summary>
public sealed class NameTable : IHostAddressLookup
{
    public static readonly IPAddress[] Unreachable = [];

    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private int _lookups;

    public int Lookups => _lookups;

    public void Set(string host, params string[] addresses) => _names[host] = addresses.Select(IPAddress.Parse).ToArray();

    public void SetUnreachable(string host) => _names[host] = Unreachable;

    public void Remove(string host) => _names.TryRemove(host, out _);

    public Task<IPAddress[]> GetAddressesAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return !_names.TryGetValue(host, out var addresses) ? throw new SocketException((int)SocketError.HostNotFound)
            : addresses == Unreachable ? throw new SocketException((int)SocketError.TryAgain)
            : Task.FromResult(addresses);
    }
}
