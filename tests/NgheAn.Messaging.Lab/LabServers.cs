using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace NgheAn.Messaging.Lab;

/// <summary>Databases and RabbitMQ virtual hosts of the lab's own on shared servers (tests and the benchmark).</summary>
public static class LabServers
{
    public static string DatabaseConnection(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 40 }.ConnectionString;

    /// <summary>Creates (or re-creates) a database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string server, string database)
    {
        await DropDatabaseAsync(server, database);
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
        return DatabaseConnection(server, database);
    }

    public static Task DropDatabaseAsync(string server, string database) =>
        ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnection(server, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The RabbitMQ management HTTP API (user nghean/nghean, as scripts/servers.sh creates it).</summary>
    public static HttpClient ManagementClient(Uri management)
    {
        var http = new HttpClient { BaseAddress = new Uri(management, "/api/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("nghean:nghean")));
        return http;
    }

    /// <summary>Creates a virtual host, lets the broker URI's user (the services' user) use it, and returns the URI that points at it.</summary>
    public static async Task<string> CreateVirtualHostAsync(Uri management, string amqp, string vhost)
    {
        using var http = ManagementClient(management);
        var name = Uri.EscapeDataString(vhost);
        var user = new Uri(amqp).UserInfo.Split(':')[0];
        (await http.PutAsJsonAsync($"vhosts/{name}", new { })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new UriBuilder(amqp) { Path = "/" + name }.Uri.ToString();
    }

    public static async Task DeleteVirtualHostAsync(Uri management, string vhost)
    {
        using var http = ManagementClient(management);
        using var _ = await http.DeleteAsync($"vhosts/{Uri.EscapeDataString(vhost)}");
    }
}
