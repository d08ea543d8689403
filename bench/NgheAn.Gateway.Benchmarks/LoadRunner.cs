using System.Diagnostics;

namespace NgheAn.Gateway.Benchmarks;

/// <summary>What one run measured: successful calls started inside the measured window.</summary>
public sealed record RunResult(string Label, long Count, long Errors, string? FirstError, TimeSpan Duration, double P50Ms, double P99Ms,
    IReadOnlyDictionary<string, TimeSpan> Cpu)
{
    public double RequestsPerSecond => Count / Duration.TotalSeconds;

    /// <summary>Microseconds of CPU a process spent per measured request.</summary>
    public double CpuMicrosPerRequest(string process) =>
        Count == 0 || !Cpu.TryGetValue(process, out var time) ? double.NaN : time.TotalMicroseconds / Count;
}

/// <summary>
/// Closed-loop load: a fixed number of workers, each sending its next call as soon as the previous
/// one answers. Calls started during a warm-up are not recorded; every call started in a measured
/// window is (its latency is kept exactly, then sorted for the percentiles).
/// </summary>
public static class LoadRunner
{
    /// <summary>
    /// Unmeasured load on one target for the warm-up time: the JIT's optimised code, pooled
    /// connections and caches are in place before any slice is measured. Run for every scenario and
    /// target first, so a later scenario does not measure the JIT still busy with an earlier one.
    /// </summary>
    public static Task WarmUpAsync(BenchOptions options, Func<int, Func<Task>> call) =>
        RunSliceAsync(options.Concurrency, options.Warmup, TimeSpan.Zero, call, new CpuMeter(new Dictionary<string, int>()));

    /// <summary>
    /// Runs a scenario against both targets in alternating slices (direct, gateway, direct…), so
    /// that load from elsewhere on a shared machine falls on both about equally. Each slice starts
    /// with a short unmeasured ramp; the full warm-up came before (<see cref="WarmUpAsync"/>).
    /// </summary>
    public static async Task<(RunResult Direct, RunResult Gateway)> CompareAsync(
        string name, BenchOptions options, Func<int, Func<Task>> direct, Func<int, Func<Task>> gateway)
    {
        var slice = options.Duration / options.Rounds;
        var shortWarmup = TimeSpan.FromTicks(Math.Min(options.Warmup.Ticks, TimeSpan.FromMilliseconds(500).Ticks));
        var cpu = new CpuMeter(options.CpuProcesses);
        var runs = new Dictionary<Target, List<Slice>> { [Target.Direct] = [], [Target.Gateway] = [] };
        for (var round = 0; round < options.Rounds; round++)
        {
            runs[Target.Direct].Add(await RunSliceAsync(options.Concurrency, shortWarmup, slice, direct, cpu));
            runs[Target.Gateway].Add(await RunSliceAsync(options.Concurrency, shortWarmup, slice, gateway, cpu));
        }

        var d = Summarize($"{name} direct", runs[Target.Direct], options.Duration, cpu);
        var g = Summarize($"{name} gateway", runs[Target.Gateway], options.Duration, cpu);
        return (d, g);
    }

    private sealed record Slice(List<long> Latencies, long Errors, string? FirstError, Dictionary<string, TimeSpan> Cpu);

    private static async Task<Slice> RunSliceAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Func<Task>> callFor, CpuMeter cpu)
    {
        var measureFrom = Stopwatch.GetTimestamp() + ToTicks(warmup);
        var measureTo = measureFrom + ToTicks(duration);
        var work = Task.WhenAll(Enumerable.Range(0, concurrency)
            .Select(worker => Task.Run(() => WorkAsync(callFor(worker), measureFrom, measureTo))));
        await Task.Delay(warmup);
        var cpuBefore = cpu.Sample();
        await Task.Delay(duration);
        var cpuUsed = CpuMeter.Difference(cpu.Sample(), cpuBefore);
        var results = await work;
        return new Slice(
            results.SelectMany(r => r.Latencies).ToList(),
            results.Sum(r => r.Errors),
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            cpuUsed);
    }

    private static RunResult Summarize(string label, List<Slice> slices, TimeSpan duration, CpuMeter cpu)
    {
        var latencies = slices.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(latencies);
        var result = new RunResult(
            label,
            latencies.LongLength,
            slices.Sum(s => s.Errors),
            slices.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            duration,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            cpu.Names.ToDictionary(n => n, n => slices.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Cpu.GetValueOrDefault(n)), StringComparer.Ordinal));
        Console.WriteLine($"  {label,-28} {result.RequestsPerSecond,9:0} req/s  p50 {result.P50Ms,7:0.00} ms  p99 {result.P99Ms,7:0.00} ms  CPU/request "
            + string.Join(", ", cpu.Names.Select(n => $"{n} {result.CpuMicrosPerRequest(n):0} µs"))
            + (result.Errors > 0 ? $"  {result.Errors} errors, first: {result.FirstError}" : ""));
        return result;
    }

    private static async Task<(List<long> Latencies, long Errors, string? FirstError)> WorkAsync(Func<Task> call, long measureFrom, long measureTo)
    {
        var latencies = new List<long>(64 * 1024);
        long errors = 0;
        string? firstError = null;
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (t0 >= measureTo)
            {
                break;
            }

            try
            {
                await call();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (t0 >= measureFrom)
                {
                    errors++;
                    firstError ??= ex.Message;
                }

                continue;
            }

            if (t0 >= measureFrom)
            {
                latencies.Add(Stopwatch.GetTimestamp() - t0);
            }
        }

        return (latencies, errors, firstError);
    }

    private static long ToTicks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    private static double Percentile(long[] sorted, double fraction)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }
}
