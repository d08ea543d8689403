using System.Net;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// The servers the platform runs on locally hold it to production's rules: Redis wants its password,
/// the services' RabbitMQ user is no administrator and the analysts' user reads the stream only,
/// each service reaches PostgreSQL as a role of its own that owns its database and no other.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LocalServersTests(PlatformFixture platform)
{
    private static readonly string[] Services = ["directives", "cadrework", "emulation", "supervision"];

    [Fact]
    public async Task Redis_refuses_a_client_without_the_password()
    {
        var withPassword = ConfigurationOptions.Parse(PlatformFixture.RequiredEnvironment("ConnectionStrings__redis"));
        Assert.False(string.IsNullOrEmpty(withPassword.Password));
        var without = withPassword.Clone();
        without.Password = null;
        without.AbortOnConnectFail = false;
        without.ConnectTimeout = 2000;
        without.ConnectRetry = 0;

        await using (var allowed = await ConnectionMultiplexer.ConnectAsync(withPassword))
        {
            await allowed.GetDatabase().PingAsync();
        }

        await using var refused = await ConnectionMultiplexer.ConnectAsync(without);
        var error = await Assert.ThrowsAnyAsync<RedisException>(() => refused.GetDatabase().StringGetAsync("any"));
        Assert.Contains("NOAUTH", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_rabbitmq_user_is_no_administrator()
    {
        var services = new Uri(PlatformFixture.RequiredEnvironment("ConnectionStrings__rabbitmq")).UserInfo.Split(':');
        var (user, password) = (Uri.UnescapeDataString(services[0]), Uri.UnescapeDataString(services[1]));
        Assert.NotEqual(PlatformFixture.RequiredEnvironment("NGHEAN_RABBITMQ_USER"), user);

        using var admin = platform.Broker.Client();
        using var account = JsonDocument.Parse(await admin.GetStringAsync($"api/users/{Uri.EscapeDataString(user)}"));
        Assert.Empty(account.RootElement.GetProperty("tags").EnumerateArray());
        using var permissions = JsonDocument.Parse(await admin.GetStringAsync($"api/users/{Uri.EscapeDataString(user)}/permissions"));
        Assert.Contains(permissions.RootElement.EnumerateArray(), p => p.GetProperty("vhost").GetString() == platform.RunId);

        // No management access at all: the API does not know it.
        using var self = platform.Broker.Client((user, password));
        using var whoami = await self.GetAsync("api/whoami");
        Assert.Equal(HttpStatusCode.Unauthorized, whoami.StatusCode);
    }

    [Fact]
    public async Task The_analysts_user_reads_the_stream_and_nothing_else()
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(platform.Broker.AmqpUri(platform.RunId)),
            UserName = PlatformFixture.RequiredEnvironment("NGHEAN_RABBITMQ_ANALYST_USER"),
            Password = PlatformFixture.RequiredEnvironment("NGHEAN_RABBITMQ_ANALYST_PASSWORD"),
        };
        await using var connection = await factory.CreateConnectionAsync();

        await using (var reader = await connection.CreateChannelAsync())
        {
            await reader.BasicQosAsync(0, 10, false);
            await reader.BasicConsumeAsync(TestBroker.Stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
                arguments: new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, new AsyncEventingBasicConsumer(reader));
        }

        await using var writer = await connection.CreateChannelAsync();
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => writer.QueueDeclareAsync("analyst-own-queue", durable: false, exclusive: false, autoDelete: true));
        Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public async Task Each_service_owns_its_database_as_a_role_without_privileges_and_cannot_enter_another()
    {
        foreach (var service in Services)
        {
            var own = await ConnectionStringOfAsync(service);
            var role = new NpgsqlConnectionStringBuilder(own).Username!;
            Assert.Equal(platform.DatabaseOf(service), role);

            await using (var connection = new NpgsqlConnection(own))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("""
                    SELECT r.rolsuper OR r.rolcreatedb OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls,
                           pg_get_userbyid(d.datdba) = current_user
                    FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()
                    """, connection);
                await using var row = await command.ExecuteReaderAsync();
                Assert.True(await row.ReadAsync());
                Assert.False(row.GetBoolean(0), $"{role} has a privilege beyond logging in");
                Assert.True(row.GetBoolean(1), $"{role} does not own its database");
            }

            foreach (var other in Services.Where(s => s != service))
            {
                var intruder = new NpgsqlConnectionStringBuilder(own) { Database = platform.DatabaseOf(other), Pooling = false }.ConnectionString;
                await using var connection = new NpgsqlConnection(intruder);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }
    }

    /// <summary>The connection string the AppHost gave the running service (as the dashboard shows it): its own role, its own database.</summary>
    private async Task<string> ConnectionStringOfAsync(string service)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = await platform.App.ResourceNotifications.WaitForResourceAsync(service,
            e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == "ConnectionStrings__database"), timeout.Token);
        return running.Snapshot.EnvironmentVariables.Single(v => v.Name == "ConnectionStrings__database").Value!;
    }
}

/// <summary>
/// The Aspire dashboard shows every service's logs: scripts/run.sh and the AppHost's launch profile
/// keep it behind its login token and print the login URL. (Checked on the scripts and settings:
/// starting the whole platform with its dashboard as run.sh does is no test for CI.)
/// </summary>
public sealed class DashboardLoginTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Run_sh_sets_a_login_token_prints_the_login_url_and_never_opens_the_dashboard()
    {
        var script = File.ReadAllText(Path.Combine(Root, "scripts", "run.sh"));

        Assert.DoesNotContain("UNSECURED_ALLOW_ANONYMOUS", script, StringComparison.Ordinal);
        Assert.Contains("export ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN", script, StringComparison.Ordinal);
        Assert.Contains("/login?t=$ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN", script, StringComparison.Ordinal);
    }

    [Fact]
    public void No_launch_profile_of_the_apphost_opens_the_dashboard()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "AppHost", "Properties", "launchSettings.json")));

        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
        {
            if (profile.Value.TryGetProperty("environmentVariables", out var variables))
            {
                Assert.DoesNotContain(variables.EnumerateObject(), v => v.Name.EndsWith("UNSECURED_ALLOW_ANONYMOUS", StringComparison.Ordinal));
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NgheAn.Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NgheAn.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
