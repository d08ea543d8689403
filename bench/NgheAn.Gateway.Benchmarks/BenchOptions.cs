using System.Globalization;

namespace NgheAn.Gateway.Benchmarks;

public sealed class BenchOptions
{
    public const string Usage = """
        usage: NgheAn.Gateway.Benchmarks --direct-http URL --direct-grpc URL --gateway-http URL --gateway-grpc URL --token TOKEN
                 [--concurrency 16] [--grpc-channels 4] [--warmup 3] [--duration 10] [--rounds 3] [--document-id ID]
                 [--write-base 0] [--only read|write|json|grpc] [--cpu gateway=PID,service=PID]
          --direct-*   the Directives service's JSON (HTTP/1.1) and gRPC (h2c) ports
          --gateway-*  the gateway's JSON and gRPC ports
          --token      a bearer token with a document-writer role (gateway dev-token --role provincial-office)
          --duration   measured seconds per scenario and target, split into --rounds slices that
                       alternate direct and gateway (background load falls on both alike)
          --document-id  the document to read (default: one is created directly before the runs)
          --write-base   writes use numbers above this (each scenario and target its own million)
          --cpu        processes whose CPU time per request is reported (the load generator's own always is)
        """;

    public Uri DirectHttp { get; private set; } = null!;
    public Uri DirectGrpc { get; private set; } = null!;
    public Uri GatewayHttp { get; private set; } = null!;
    public Uri GatewayGrpc { get; private set; } = null!;
    public string Token { get; private set; } = "";
    public int Concurrency { get; private set; } = 16;
    public int GrpcChannels { get; private set; } = 4;
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    public int Rounds { get; private set; } = 3;
    public string? DocumentId { get; private set; }
    public int WriteBase { get; private set; }
    public string? Only { get; private set; }
    public IReadOnlyDictionary<string, int> CpuProcesses { get; private set; } = new Dictionary<string, int>();
    public bool Help { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                options.Help = true;
                return options;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i - 1])
            {
                case "--direct-http": options.DirectHttp = ParseUri(value); break;
                case "--direct-grpc": options.DirectGrpc = ParseUri(value); break;
                case "--gateway-http": options.GatewayHttp = ParseUri(value); break;
                case "--gateway-grpc": options.GatewayGrpc = ParseUri(value); break;
                case "--token": options.Token = value.Trim(); break;
                case "--concurrency": options.Concurrency = ParsePositive(value, args[i - 1]); break;
                case "--grpc-channels": options.GrpcChannels = ParsePositive(value, args[i - 1]); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(ParseSeconds(value, args[i - 1], allowZero: true)); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(ParseSeconds(value, args[i - 1], allowZero: false)); break;
                case "--rounds": options.Rounds = ParsePositive(value, args[i - 1]); break;
                case "--document-id": options.DocumentId = value; break;
                case "--write-base": options.WriteBase = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b <= 1_000_000_000 ? b : throw new ArgumentException($"--write-base: bad value '{value}'."); break;
                case "--only": options.Only = value; break;
                case "--cpu": options.CpuProcesses = ParseProcesses(value); break;
                default: throw new ArgumentException($"Unknown option: {args[i - 1]}");
            }
        }

        if (options.DirectHttp is null || options.DirectGrpc is null || options.GatewayHttp is null || options.GatewayGrpc is null || options.Token.Length == 0)
        {
            throw new ArgumentException("--direct-http, --direct-grpc, --gateway-http, --gateway-grpc and --token are required.");
        }

        return options;
    }

    private static Dictionary<string, int> ParseProcesses(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=')).ToDictionary(
            pair => pair.Length == 2 && pair[0].Length > 0 ? pair[0] : throw new ArgumentException($"--cpu: expected name=PID, got '{string.Join('=', pair)}'."),
            pair => ParsePositive(pair[1], "--cpu"));

    private static Uri ParseUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp ? uri : throw new ArgumentException($"Not an http:// address: '{value}'.");

    private static int ParsePositive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: expected a positive integer, got '{value}'.");

    private static double ParseSeconds(string value, string name, bool allowZero) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0)) && s <= 3600
            ? s
            : throw new ArgumentException($"{name}: expected seconds, got '{value}'.");
}
