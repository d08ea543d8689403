using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using NgheAn.Contracts.Directives.V1;

namespace NgheAn.Gateway.Benchmarks;

/// <summary>
/// The clients: for each target, one HttpClient for JSON over HTTP/1.1 (one connection per worker)
/// and a few gRPC channels over h2c (workers share them round-robin, many streams per connection).
/// </summary>
public sealed class Targets : IDisposable
{
    public const string IssueDate = "2025-11-01";
    private const string TypeAndIssuer = "CV/VPTU";

    private readonly BenchOptions options;
    private readonly Dictionary<Target, (Uri Http, HttpClient Client, GrpcChannel[] Channels)> clients = [];
    private readonly Metadata headers;
    private readonly int[] writeCounters = new int[5];

    public Targets(BenchOptions options)
    {
        this.options = options;
        headers = new Metadata { { "authorization", $"Bearer {options.Token}" } };
        foreach (var target in Enum.GetValues<Target>())
        {
            var (http, grpc) = target == Target.Direct ? (options.DirectHttp, options.DirectGrpc) : (options.GatewayHttp, options.GatewayGrpc);
            var client = new HttpClient(NewHandler(options.Concurrency), disposeHandler: true)
            {
                DefaultRequestVersion = HttpVersion.Version11,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = TimeSpan.FromSeconds(30),
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            var channels = Enumerable.Range(0, options.GrpcChannels)
                .Select(_ => GrpcChannel.ForAddress(grpc, new GrpcChannelOptions { HttpHandler = NewHandler(int.MaxValue), DisposeHttpClient = true }))
                .ToArray();
            clients[target] = (http, client, channels);
        }

        for (var i = 0; i < writeCounters.Length; i++)
        {
            writeCounters[i] = options.WriteBase + (i * 1_000_000);
        }
    }

    /// <summary>Registers the document the read scenarios fetch (directly, over gRPC) and returns its id.</summary>
    public async Task<string> CreateSeedDocumentAsync()
    {
        var client = new DirectivesService.DirectivesServiceClient(clients[Target.Direct].Channels[0]);
        var document = await client.CreateDocumentAsync(NewDocument(NextNumber(0)), headers, deadline: DateTime.UtcNow.AddSeconds(30));
        return document.Id;
    }

    /// <summary>A call for one worker: each worker gets its own closure (and gRPC channel by index).</summary>
    public Func<int, Func<Task>> CallFor(Scenario scenario, Target target)
    {
        var (http, client, channels) = clients[target];
        var range = scenario.WriteRange(target);
        return (scenario.Operation, scenario.Protocol) switch
        {
            (Operation.CachedRead, Protocol.Json) => _ =>
            {
                var uri = new Uri(http, $"/v1/documents/{Uri.EscapeDataString(ReadId)}");
                return async () =>
                {
                    using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseContentRead);
                    await EnsureSuccessAsync(response);
                };
            },
            (Operation.CachedRead, Protocol.Grpc) => worker =>
            {
                var grpc = new DirectivesService.DirectivesServiceClient(channels[worker % channels.Length]);
                var request = new GetDocumentRequest { Id = ReadId };
                return async () => await grpc.GetDocumentAsync(request, headers);
            },
            (Operation.Write, Protocol.Json) => _ =>
            {
                var uri = new Uri(http, "/v1/documents");
                return async () =>
                {
                    var document = NewDocument(NextNumber(range)).Document;
                    var body = JsonSerializer.Serialize(new { document.Symbol, document.Title, document.IssueDate }, JsonOptions);
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(uri, content);
                    await EnsureSuccessAsync(response);
                };
            },
            (Operation.Write, Protocol.Grpc) => worker =>
            {
                var grpc = new DirectivesService.DirectivesServiceClient(channels[worker % channels.Length]);
                return async () => await grpc.CreateDocumentAsync(NewDocument(NextNumber(range)), headers);
            },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
    }

    /// <summary>Set by Program before the runs.</summary>
    public string ReadId { get; set; } = "";

    public void Dispose()
    {
        foreach (var (_, client, channels) in clients.Values)
        {
            client.Dispose();
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private int NextNumber(int range) => Interlocked.Increment(ref writeCounters[range]);

    private static CreateDocumentRequest NewDocument(int number)
    {
        var symbol = $"{number:00}-{TypeAndIssuer}";
        return new CreateDocumentRequest
        {
            Document = new Document
            {
                Symbol = symbol,
                Title = $"Công văn đo tải cổng API số {symbol}",
                IssueDate = IssueDate,
            },
        };
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync();
        throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}", null, response.StatusCode);
    }

    private static SocketsHttpHandler NewHandler(int maxConnections) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        EnableMultipleHttp2Connections = false,
    };
}
