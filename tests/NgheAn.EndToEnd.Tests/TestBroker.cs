using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Virtual hosts on the test RabbitMQ, through its management API, one per test run.</summary>
public sealed class TestBroker(string amqpUri, string managementUrl)
{
    private readonly Uri _amqp = new(amqpUri);

    public string AmqpUri(string virtualHost) =>
        new UriBuilder(_amqp) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.ToString();

    public async Task CreateVirtualHostAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var client = Client();
        var user = Uri.UnescapeDataString(_amqp.UserInfo.Split(':')[0]);
        (await client.PutAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}", null, cancellationToken)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken)).EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string virtualHost)
    {
        using var client = Client();
        await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}");
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri(managementUrl.TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(_amqp.UserInfo))));
        return client;
    }
}
