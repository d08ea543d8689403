using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using NgheAn.Gateway.Proxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace NgheAn.Gateway.Tests;

/// <summary>One destination per address of a headless Service's name, looked up again every refresh period.</summary>
public sealed class ReplicaDestinationResolverTests
{
    private readonly NameTable _names = new();

    [Fact]
    public async Task Off_the_discovered_destinations_are_used_as_they_are()
    {
        _names.Set("directives", "10.0.0.1", "10.0.0.2");

        var resolved = await Resolver(lookUpAddresses: false).ResolveDestinationsAsync(Destinations("http://directives:8081"), default);

        Assert.Equal("http://directives:8081", Assert.Single(resolved.Destinations).Value.Address);
        Assert.Equal(0, _names.Lookups);
    }

    [Fact]
    public async Task Each_address_of_the_name_becomes_a_destination_with_the_port_and_host_it_was_given()
    {
        _names.Set("directives", "10.0.0.2", "10.0.0.1", "fd00::7");

        var resolved = await Resolver().ResolveDestinationsAsync(Destinations("http://directives:8081/"), default);

        Assert.Equal(
            [
                ("directives@10.0.0.1", "http://10.0.0.1:8081/"),
                ("directives@10.0.0.2", "http://10.0.0.2:8081/"),
                ("directives@fd00::7", "http://[fd00::7]:8081/"),
            ],
            resolved.Destinations.Select(d => (d.Key, d.Value.Address)).Order());
        Assert.All(resolved.Destinations.Values, d => Assert.Equal("directives:8081", d.Host));
    }

    [Fact]
    public async Task A_host_set_by_service_discovery_is_kept()
    {
        _names.Set("directives", "10.0.0.1");
        var destinations = new Dictionary<string, DestinationConfig>
        {
            ["directives"] = new() { Address = "http://directives:8081", Host = "_grpc.directives" },
        };

        var resolved = await Resolver().ResolveDestinationsAsync(destinations, default);

        Assert.Equal("_grpc.directives", Assert.Single(resolved.Destinations).Value.Host);
    }

    [Fact]
    public async Task An_address_is_not_looked_up()
    {
        var resolved = await Resolver().ResolveDestinationsAsync(Destinations("http://127.0.0.1:5001"), default);

        Assert.Equal(("directives", "http://127.0.0.1:5001"), resolved.Destinations.Select(d => (d.Key, d.Value.Address)).Single());
        Assert.Equal(0, _names.Lookups);
    }

    [Fact]
    public async Task A_name_without_addresses_has_no_destination()
    {
        var resolved = await Resolver().ResolveDestinationsAsync(Destinations("http://directives:8081"), default);

        Assert.Empty(resolved.Destinations);
    }

    [Fact]
    public async Task When_dns_does_not_answer_the_name_itself_is_the_destination()
    {
        _names.SetUnreachable("directives");

        var resolved = await Resolver().ResolveDestinationsAsync(Destinations("http://directives:8081"), default);

        Assert.Equal(("directives", "http://directives:8081"), resolved.Destinations.Select(d => (d.Key, d.Value.Address)).Single());
    }

    [Fact]
    public async Task The_addresses_are_looked_up_again_after_the_refresh_period_and_a_kept_pod_keeps_its_id()
    {
        _names.Set("directives", "10.0.0.1", "10.0.0.2");
        var resolver = Resolver(refresh: TimeSpan.FromMilliseconds(200));

        var first = await resolver.ResolveDestinationsAsync(Destinations("http://directives:8081"), default);
        Assert.False(first.ChangeToken!.HasChanged);
        await Eventually(() => first.ChangeToken.HasChanged);

        _names.Set("directives", "10.0.0.2", "10.0.0.3"); // one pod gone, one new
        var second = await resolver.ResolveDestinationsAsync(Destinations("http://directives:8081"), default);

        Assert.Equal(["directives@10.0.0.2", "directives@10.0.0.3"], second.Destinations.Keys.Order());
    }

    [Fact]
    public async Task A_change_of_the_discovered_destinations_also_signals_a_change()
    {
        _names.Set("directives", "10.0.0.1");
        var configuration = new CancellationTokenSource();
        var resolver = Resolver(refresh: TimeSpan.FromHours(1), discoveryChanges: new CancellationChangeToken(configuration.Token));

        var resolved = await resolver.ResolveDestinationsAsync(Destinations("http://directives:8081"), default);
        Assert.False(resolved.ChangeToken!.HasChanged);
        await configuration.CancelAsync();

        Assert.True(resolved.ChangeToken.HasChanged);
    }

    private ReplicaDestinationResolver Resolver(bool lookUpAddresses = true, TimeSpan? refresh = null, IChangeToken? discoveryChanges = null) =>
        new(
            new AsConfigured(discoveryChanges),
            _names,
            new FixedOptions<ReplicaOptions>(new ReplicaOptions { LookUpAddresses = lookUpAddresses, RefreshPeriod = refresh ?? TimeSpan.FromSeconds(5) }),
            NullLogger<ReplicaDestinationResolver>.Instance);

    private static Dictionary<string, DestinationConfig> Destinations(string address) =>
        new() { ["directives"] = new DestinationConfig { Address = address } };

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(20);
        }
    }

    /// <summary>Service discovery that finds each destination where configuration puts it.</summary>
    private sealed class AsConfigured(IChangeToken? changes) : IDestinationResolver
    {
        public ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new ResolvedDestinationCollection(destinations, changes));
    }
}
