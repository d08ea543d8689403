using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Directives.V1;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// A platform of its own on a RabbitMQ of its own (profile "outage" of scripts/servers.sh), which
/// <see cref="BrokerOutageTests"/> stops for minutes: no other test, and no other test project
/// (they share the "test" broker), loses its broker. PostgreSQL and Redis are the shared test
/// servers (this platform's databases and keys are its run's own).
/// </summary>
public sealed class BrokerOutagePlatform : IAsyncLifetime
{
    private const string Profile = "outage";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    public PlatformFixture Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await StartBrokerAsync();
        var settings = File.ReadAllLines(Path.Combine(ApiDescriptionTests.RepoRoot(), ".local", Profile, "env"))
            .Where(line => line.Contains('=') && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));
        Platform = new PlatformFixture(TestBroker.FromSettings(name => settings[name]));
        await Platform.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Platform is not null)
            {
                await Platform.DisposeAsync();
            }
        }
        finally
        {
            await RunServersAsync("stop");
        }
    }

    /// <summary>Starts this platform's RabbitMQ (a no-op while it runs); returns when it accepts connections.</summary>
    public Task StartBrokerAsync() => RunServersAsync("start");

    /// <summary>Stops this platform's RabbitMQ (rabbitmqctl shutdown: every connection closes, the ports close).</summary>
    public Task StopBrokerAsync() => RunServersAsync("stop");

    // NGHEAN_PORT_OFFSET, if set, reaches the script through the inherited environment.
    private static async Task RunServersAsync(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(ApiDescriptionTests.RepoRoot(), "scripts", "servers.sh"))
        {
            ArgumentList = { command, Profile, "rabbitmq" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ScriptTimeout);
        Assert.True(process.ExitCode == 0, $"scripts/servers.sh {command} {Profile} rabbitmq failed: {await output}{await error}");
    }
}

[CollectionDefinition(Name)]
public sealed class BrokerOutageCollection : ICollectionFixture<BrokerOutagePlatform>
{
    public const string Name = "broker-outage";
}

/// <summary>
/// RabbitMQ stops for minutes while writes go through the gateway: every write succeeds, every
/// service and gateway stays ready (liveness and readiness never depend on the broker: the outbox
/// holds the events), and once the broker is back every event reaches its consumers, once.
/// </summary>
[Collection(BrokerOutageCollection.Name)]
public sealed class BrokerOutageTests(BrokerOutagePlatform outage)
{
    /// <summary>"Several minutes": longer than MassTransit's reconnect attempts and the relay's longest back-off (30 s).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromMinutes(3);
    private static readonly string[] Resources = ["directives", "cadrework", "emulation", "supervision", "gateway", "gateway-2"];

    private PlatformFixture Platform => outage.Platform;

    [Fact]
    public async Task Writes_go_on_and_every_service_stays_ready_while_the_broker_is_down_and_every_event_arrives_once_after()
    {
        var directives = new DirectivesService.DirectivesServiceClient(Platform.Grpc);
        var cadres = new CadresService.CadresServiceClient(Platform.Grpc2);
        var documents = new List<Guid>();
        var people = new List<Guid>();

        // Before: the pipeline works and the bus is connected.
        documents.Add(await CreateDocumentAsync(directives, documents.Count + 1));
        Assert.Equal(1, await Eventually.UntilAsync(() => Platform.CountAsync("emulation", "SELECT count(*) FROM known_documents WHERE id = ANY(@ids)", ("ids", documents.ToArray())), n => n == 1));
        Assert.Equal(HttpStatusCode.OK, await BrokerHealthAsync("directives"));

        var since = DateTimeOffset.UtcNow;
        using var watching = new CancellationTokenSource();
        var watch = new ReadinessWatch(Platform);
        var watched = watch.RunAsync(watching.Token);
        var outageDocuments = new List<Guid>();
        var brokerDown = false;
        try
        {
            await outage.StopBrokerAsync();
            brokerDown = true;
            var outageEnds = DateTime.UtcNow + Outage;
            while (DateTime.UtcNow < outageEnds)
            {
                outageDocuments.Add(await CreateDocumentAsync(directives, documents.Count + outageDocuments.Count + 1));
                people.Add(await CreatePersonAsync(cadres, people.Count + 1));
                await Task.Delay(WriteInterval);
            }

            // The events waited in the outbox: none reached a consumer, the broker check saw the outage.
            Assert.Equal(0, await Platform.CountAsync("emulation", "SELECT count(*) FROM known_documents WHERE id = ANY(@ids)", ("ids", outageDocuments.ToArray())));
            Assert.Equal(outageDocuments.Count, await Platform.CountAsync("directives",
                "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND message_type LIKE '%.DocumentIssued'"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await BrokerHealthAsync("directives"));
        }
        finally
        {
            if (brokerDown)
            {
                await outage.StartBrokerAsync(); // also when the test fails half-way
            }
        }

        documents.AddRange(outageDocuments);
        // Every event arrives: each document in Emulation's copy, each person in both replicas,
        // each write's audit record in Supervision's trail.
        Assert.Equal(documents.Count, await Eventually.UntilAsync(
            () => Platform.CountAsync("emulation", "SELECT count(*) FROM known_documents WHERE id = ANY(@ids)", ("ids", documents.ToArray())),
            n => n == documents.Count, DeliveryPatience));
        foreach (var replica in new[] { "emulation", "supervision" })
        {
            Assert.Equal(people.Count, await Eventually.UntilAsync(
                () => Platform.CountAsync(replica, "SELECT count(*) FROM people WHERE person_id = ANY(@ids)", ("ids", people.ToArray())),
                n => n == people.Count, DeliveryPatience));
        }

        var audits = (await EventIdsAsync("directives", "AuditRecorded", since)).Concat(await EventIdsAsync("cadrework", "AuditRecorded", since)).ToArray();
        Assert.True(audits.Length >= outageDocuments.Count + people.Count, $"{audits.Length} audit records for {outageDocuments.Count + people.Count} writes");
        Assert.Equal(audits.Length, await Eventually.UntilAsync(
            () => Platform.CountAsync("supervision", "SELECT count(*) FROM audit_entries WHERE id = ANY(@ids)", ("ids", audits)),
            n => n == audits.Length, DeliveryPatience));

        watching.Cancel();
        var (polls, failures) = await watched;

        // Ready the whole time, polled about every second from before the broker stopped until every event had arrived.
        Assert.True(polls >= Outage.TotalSeconds / 2, $"only {polls} readiness polls");
        Assert.True(failures.Count == 0, $"not ready:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");

        // Once: each event applied by each consumer one time, nothing failed (a second delivery that
        // was applied again would have hit a primary key and landed in an error queue), and the
        // outbox of each writer is empty in both lanes.
        var issued = await EventIdsAsync("directives", "DocumentIssued", since);
        var registered = await EventIdsAsync("cadrework", "PersonRegistered", since);
        Assert.Equal(outageDocuments.Count, issued.Length);
        Assert.Equal(people.Count, registered.Length);
        Assert.Equal(issued.Length, await Platform.CountAsync("emulation", "SELECT count(*) FROM inbox_messages WHERE message_id = ANY(@ids)", ("ids", issued)));
        foreach (var replica in new[] { "emulation", "supervision" })
        {
            Assert.Equal(registered.Length, await Platform.CountAsync(replica, "SELECT count(*) FROM inbox_messages WHERE message_id = ANY(@ids)", ("ids", registered)));
        }

        Assert.Equal(audits.Length, await Platform.CountAsync("supervision", "SELECT count(*) FROM inbox_messages WHERE message_id = ANY(@ids)", ("ids", audits)));
        Assert.Empty(await MessagesInErrorQueuesAsync());
        foreach (var writer in new[] { "directives", "cadrework" })
        {
            Assert.Equal(0, await Eventually.UntilAsync(
                () => Platform.CountAsync(writer, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL OR streamed_at IS NULL"), n => n == 0));
        }

        Assert.Equal(HttpStatusCode.OK, await Eventually.UntilAsync(() => BrokerHealthAsync("directives"), status => status == HttpStatusCode.OK));
    }

    private static async Task<Guid> CreateDocumentAsync(DirectivesService.DirectivesServiceClient directives, int number) =>
        Guid.Parse((await directives.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document
            {
                Symbol = $"{number:00}-TB/VPTU",
                Title = $"Thông báo số {number} về việc tiếp tục làm việc khi RabbitMQ ngừng",
                IssueDate = "2024-03-15",
            },
        }, deadline: DateTime.UtcNow.AddSeconds(30))).Id);

    private static async Task<Guid> CreatePersonAsync(CadresService.CadresServiceClient cadres, int number) =>
        Guid.Parse((await cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person
            {
                FullName = $"Nguyễn Văn Thử {number}", UnitId = "phuong-truong-vinh", Kind = PersonKind.Cadre,
                Membership = Membership.Full, BirthDate = "1980-05-19", Sex = Sex.Male,
            },
        }, deadline: DateTime.UtcNow.AddSeconds(30))).Id);

    private async Task<HttpStatusCode> BrokerHealthAsync(string service)
    {
        using var http = new HttpClient { BaseAddress = Platform.App.GetEndpoint(service, "http") };
        using var response = await http.GetAsync("/health/broker");
        return response.StatusCode;
    }

    /// <summary>The ids of the events of one type a service wrote to its outbox since then.</summary>
    private async Task<Guid[]> EventIdsAsync(string service, string eventType, DateTimeOffset since)
    {
        await using var connection = Platform.OpenDatabase(Platform.DatabaseOf(service));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT message_id FROM outbox_messages WHERE message_type LIKE '%.' || @type AND created_at >= @since", connection);
        command.Parameters.AddWithValue("type", eventType);
        command.Parameters.AddWithValue("since", since);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private async Task<List<string>> MessagesInErrorQueuesAsync()
    {
        using var management = Platform.Broker.Client();
        var queues = JsonDocument.Parse(await management.GetStringAsync($"api/queues/{Uri.EscapeDataString(Platform.RunId)}?columns=name,messages"));
        return [.. queues.RootElement.EnumerateArray()
            .Where(q => q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal)
                && q.TryGetProperty("messages", out var messages) && messages.GetInt64() > 0)
            .Select(q => q.GetProperty("name").GetString()!)];
    }

    /// <summary>
    /// Polls every service's and gateway's readiness about once a second, as the probes ask it (HTTP
    /// /health/ready and gRPC service "readiness", with the probes' 3 s timeout). Not ready is what
    /// Kubernetes would act on (k8s/base: a probe every 5 s, failureThreshold 2): any answer other
    /// than ready, or no answer in time for 5 s on end. A lone late answer (this test machine's two
    /// cores stall for a few seconds while other tests run) is no failure for Kubernetes either.
    /// </summary>
    private sealed class ReadinessWatch(PlatformFixture platform)
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
        private static readonly TimeSpan Unanswered = TimeSpan.FromSeconds(5);

        public async Task<(int Polls, List<string> Failures)> RunAsync(CancellationToken stop)
        {
            var failures = new ConcurrentQueue<string>();
            var silentSince = new ConcurrentDictionary<string, DateTime>();
            var clients = Resources.ToDictionary(r => r, r => new HttpClient { BaseAddress = platform.App.GetEndpoint(r, "http"), Timeout = Timeout });
            var channels = Resources.ToDictionary(r => r, r => GrpcChannel.ForAddress(platform.App.GetEndpoint(r, "grpc")));
            var polls = 0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.WhenAll(Resources.Select(async r =>
                    {
                        var at = DateTime.UtcNow;
                        var answered = await PollAsync(r, clients[r], channels[r], failures);
                        if (answered)
                        {
                            silentSince.TryRemove(r, out _);
                        }
                        else if (at - silentSince.GetOrAdd(r, at) >= Unanswered)
                        {
                            failures.Enqueue($"{at:HH:mm:ss} {r}: no readiness answer within {Timeout.TotalSeconds} s since {silentSince[r]:HH:mm:ss}");
                        }
                    }));
                    polls++;
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
            finally
            {
                foreach (var client in clients.Values) client.Dispose();
                foreach (var channel in channels.Values) channel.Dispose();
            }

            return (polls, [.. failures]);
        }

        /// <summary>Asks both ways; records any answer but ready; returns false when either did not answer in time.</summary>
        private static async Task<bool> PollAsync(string resource, HttpClient http, GrpcChannel channel, ConcurrentQueue<string> failures)
        {
            var at = DateTime.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            var answered = true;
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{at} {resource} /health/ready: {(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}");
                }
            }
            catch (TaskCanceledException)
            {
                answered = false;
            }
            catch (HttpRequestException ex)
            {
                failures.Enqueue($"{at} {resource} /health/ready: {ex.Message}");
            }

            try
            {
                var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "readiness" }, deadline: DateTime.UtcNow + Timeout);
                if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    failures.Enqueue($"{at} {resource} grpc readiness: {reply.Status}");
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
            {
                answered = false;
            }
            catch (RpcException ex)
            {
                failures.Enqueue($"{at} {resource} grpc readiness: {ex.StatusCode} {ex.Status.Detail}");
            }

            return answered;
        }
    }
}
