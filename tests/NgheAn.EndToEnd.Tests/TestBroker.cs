using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Virtual hosts on the test RabbitMQ, through its management API as the administrator, one per test
/// run; the services' user (the one in <paramref name="amqpUri"/>) may use it, the analysts' user may
/// read its stream.
/// </summary>
public sealed class TestBroker(string amqpUri, string managementUrl, (string User, string Password) administrator, string analyst)
{
    private readonly Uri _amqp = new(amqpUri);

    /// <summary>The broker an env file of scripts/servers.sh describes (read through <paramref name="setting"/>).</summary>
    public static TestBroker FromSettings(Func<string, string> setting) => new(
        setting("ConnectionStrings__rabbitmq"),
        setting("NGHEAN_RABBITMQ_MANAGEMENT_URL"),
        (setting("NGHEAN_RABBITMQ_USER"), setting("NGHEAN_RABBITMQ_PASSWORD")),
        setting("NGHEAN_RABBITMQ_ANALYST_USER"));

    public string AmqpUri(string virtualHost) =>
        new UriBuilder(_amqp) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.ToString();

    public async Task CreateVirtualHostAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var client = Client();
        var user = Uri.UnescapeDataString(_amqp.UserInfo.Split(':')[0]);
        (await client.PutAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}", null, cancellationToken)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(analyst)}",
            new { configure = "^$", write = "^$", read = $"^{Regex.Escape(Stream)}$" }, cancellationToken)).EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string virtualHost)
    {
        using var client = Client();
        await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}");
    }

    /// <summary>The analysts' stream, the only thing the analysts' user may read.</summary>
    public const string Stream = NgheAn.Messaging.EventStreamOptions.DefaultName;

    /// <summary>A management API client with these credentials (the administrator's unless given).</summary>
    public HttpClient Client((string User, string Password)? credentials = null)
    {
        var (user, password) = credentials ?? administrator;
        var client = new HttpClient { BaseAddress = new Uri(managementUrl.TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}
