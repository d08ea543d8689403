namespace NgheAn.Gateway.Benchmarks;

public sealed record ComparisonRow(Scenario Scenario, RunResult Direct, RunResult Gateway)
{
    public double Ratio => Gateway.RequestsPerSecond / Direct.RequestsPerSecond;

    public double AddedP50Ms => Gateway.P50Ms - Direct.P50Ms;

    public bool ThroughputOk => Ratio >= Report.MinRatio;

    public bool LatencyOk => AddedP50Ms < Report.MaxAddedP50Ms;
}

/// <summary>The table of the issue, with the targets checked (for information: the exit code is 0 either way).</summary>
public static class Report
{
    public const double MinRatio = 0.80;
    public const double MaxAddedP50Ms = 1.0;

    public static void Print(TextWriter output, IReadOnlyList<ComparisonRow> rows, BenchOptions options)
    {
        output.WriteLine($"Gateway overhead: concurrency {options.Concurrency}, {options.Duration.TotalSeconds:0.#} s per target in {options.Rounds} alternating slices after {options.Warmup.TotalSeconds:0.#} s warm-up per scenario and target, "
            + $"{Environment.ProcessorCount} cores shared by the load generator, the gateway, the service, PostgreSQL, Redis and RabbitMQ.");
        output.WriteLine($"Targets: gateway req/s >= {MinRatio:0%} of direct, added p50 < {MaxAddedP50Ms:0.#} ms.");
        output.WriteLine();
        output.WriteLine("| scenario | direct req/s | gateway req/s | ratio | direct p50 | gateway p50 | added p50 | direct p99 | gateway p99 | target |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            var verdict = (row.ThroughputOk, row.LatencyOk) switch
            {
                (true, true) => "PASS",
                (false, true) => "FAIL (throughput)",
                (true, false) => "FAIL (p50)",
                _ => "FAIL (throughput, p50)",
            };
            output.WriteLine($"| {row.Scenario.Name} | {row.Direct.RequestsPerSecond:0} | {row.Gateway.RequestsPerSecond:0} | {row.Ratio:0.00} | "
                + $"{Ms(row.Direct.P50Ms)} | {Ms(row.Gateway.P50Ms)} | {Ms(row.AddedP50Ms, signed: true)} | {Ms(row.Direct.P99Ms)} | {Ms(row.Gateway.P99Ms)} | {verdict} |");
        }

        PrintCpu(output, rows);

        var failed = rows.SelectMany(r => new[] { r.Direct, r.Gateway }).Where(r => r.Errors > 0).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Errors (not counted in req/s or latencies):");
            foreach (var run in failed)
            {
                output.WriteLine($"  {run.Label}: {run.Errors} ({run.FirstError})");
            }
        }

        output.WriteLine();
        output.WriteLine("Numbers compare only within one run: the machine is shared and the load generator competes with the servers for CPU,");
        output.WriteLine("so a slow gateway or service also slows the client. PASS/FAIL is informational.");
    }

    // CPU per request shows where a request's cost goes, which the throughput ratio hides on shared cores.
    private static void PrintCpu(TextWriter output, IReadOnlyList<ComparisonRow> rows)
    {
        var names = rows.SelectMany(r => r.Direct.Cpu.Keys).Distinct().ToList();
        output.WriteLine();
        output.WriteLine("CPU time per request (µs), measured over the same slices:");
        output.WriteLine();
        output.WriteLine($"| scenario | target | {string.Join(" | ", names)} |");
        output.WriteLine($"| --- | --- |{string.Concat(names.Select(_ => " ---: |"))}");
        foreach (var row in rows)
        {
            foreach (var (target, run) in new[] { ("direct", row.Direct), ("gateway", row.Gateway) })
            {
                output.WriteLine($"| {row.Scenario.Name} | {target} | {string.Join(" | ", names.Select(n => Micros(run.CpuMicrosPerRequest(n))))} |");
            }
        }
    }

    private static string Micros(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Ms(double value, bool signed = false) =>
        double.IsNaN(value) ? "-" : (signed && value >= 0 ? "+" : "") + value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
