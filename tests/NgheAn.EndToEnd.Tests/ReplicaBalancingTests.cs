using System.Net;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Two real Directives instances behind the gateway (PlatformFixture runs them on one database, as a
/// Deployment's replicas): the gateway spreads calls over both per request, not per connection. Which
/// instance served a call is read from its own request log (each call names a document id of its own),
/// watched from the platform's start (PlatformFixture.DirectivesRequests).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ReplicaBalancingTests(PlatformFixture platform)
{
    private const int Calls = 40;

    [Fact]
    public async Task Both_replicas_of_a_service_serve_calls_through_one_gateway_connection()
    {
        var ids = Enumerable.Range(0, Calls).Select(_ => Guid.NewGuid().ToString()).ToList();

        // One client, one connection to the gateway: whatever spreads the calls is the gateway.
        foreach (var id in ids)
        {
            using var response = await platform.Json.GetAsync($"/v1/documents/{id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var served = await Eventually.UntilAsync(() => ServedByAsync(ids), s => s.Values.Sum() == Calls);

        // With two equally idle replicas each call is a coin toss: at least 8 of 40 on each is certain
        // but for about 1 run in 10,000; one connection pinned to one replica gives 40 and 0.
        Assert.All(PlatformFixture.DirectivesReplicas, replica =>
            Assert.True(served[replica] >= 8, $"{replica} served {served[replica]} of {Calls} calls: {string.Join(", ", served)}"));
    }

    /// <summary>How many of these calls each Directives instance logged as served.</summary>
    private Task<Dictionary<string, int>> ServedByAsync(IReadOnlyCollection<string> ids) =>
        Task.FromResult(PlatformFixture.DirectivesReplicas.ToDictionary(
            replica => replica,
            replica => ids.Count(id => platform.DirectivesRequests.Any(r => r.Instance == replica && r.Line.Contains(id, StringComparison.Ordinal)))));
}
