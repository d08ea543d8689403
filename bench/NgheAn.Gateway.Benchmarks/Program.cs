using System.Globalization;
using NgheAn.Gateway.Benchmarks;

// Measures a cached read and a write made directly to the Directives service and the same calls
// through the gateway, JSON over HTTP/1.1 and gRPC over h2c, at fixed concurrency, and prints
// requests/s, p50 and p99 for each with the gateway/direct ratio. scripts/bench-gateway.sh starts
// the servers and passes the addresses; run with --help for the options.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var targets = new Targets(options);
var documentId = options.DocumentId ?? await targets.CreateSeedDocumentAsync();
targets.ReadId = documentId;
Console.WriteLine($"Cached read of document {documentId}; writes are CV/VPTU documents dated {Targets.IssueDate}, numbers from {options.WriteBase + 1}.");
Console.WriteLine($"Concurrency {options.Concurrency} (HTTP/1.1: {options.Concurrency} connections; gRPC: {Math.Min(options.GrpcChannels, options.Concurrency)} h2c connections), "
    + $"warm-up {options.Warmup.TotalSeconds:0.#} s per scenario and target, measured {options.Duration.TotalSeconds:0.#} s per target in {options.Rounds} alternating slices.");
Console.WriteLine();

var scenarios = Scenario.All.Where(s => options.Only is null || s.Key.Contains(options.Only, StringComparison.OrdinalIgnoreCase)).ToList();
Console.WriteLine($"Warming up every scenario on both targets ({options.Warmup.TotalSeconds:0.#} s each)…");
foreach (var scenario in scenarios)
{
    await LoadRunner.WarmUpAsync(options, targets.CallFor(scenario, Target.Direct));
    await LoadRunner.WarmUpAsync(options, targets.CallFor(scenario, Target.Gateway));
}

var rows = new List<ComparisonRow>();
foreach (var scenario in scenarios)
{
    var (direct, gateway) = await LoadRunner.CompareAsync(scenario.Name, options, targets.CallFor(scenario, Target.Direct), targets.CallFor(scenario, Target.Gateway));
    rows.Add(new ComparisonRow(scenario, direct, gateway));
}

Console.WriteLine();
Report.Print(Console.Out, rows, options);
return 0;
