using System.Diagnostics;
using System.Globalization;

namespace NgheAn.Messaging.Benchmarks;

public sealed record BenchSettings(
    string Postgres, string RabbitMq, Uri Management,
    int RawMessages, int RawInFlight, int PipelineEvents, int OfferedRate, int LatencySeconds)
{
    public static BenchSettings FromEnvironment(string[] args)
    {
        static string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run scripts/bench-messaging.sh.");
        var quick = args.Contains("--quick");
        var rate = args.SkipWhile(a => a != "--rate").Skip(1).Select(int.Parse).FirstOrDefault(500);
        return new BenchSettings(
            Env("ConnectionStrings__postgres"), Env("ConnectionStrings__rabbitmq"), new Uri(Env("NGHEAN_RABBITMQ_MANAGEMENT_URL")),
            RawMessages: quick ? 5_000 : 30_000,
            RawInFlight: 256,
            PipelineEvents: quick ? 2_000 : 20_000,
            OfferedRate: rate,
            LatencySeconds: quick ? 5 : 20);
    }
}

public sealed record BenchResult(string Name, string Measure, string Value, string Note)
{
    public static BenchResult Rate(string name, int count, TimeSpan elapsed, string note) =>
        new(name, "events/s", (count / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture), note);

    public static void Print(IReadOnlyList<BenchResult> results, BenchSettings settings)
    {
        var widths = new[]
        {
            Math.Max(4, results.Max(r => r.Name.Length)),
            Math.Max(7, results.Max(r => r.Measure.Length)),
            Math.Max(5, results.Max(r => r.Value.Length)),
            Math.Max(4, results.Max(r => r.Note.Length)),
        };
        string Row(string a, string b, string c, string d) =>
            $"| {a.PadRight(widths[0])} | {b.PadRight(widths[1])} | {c.PadLeft(widths[2])} | {d.PadRight(widths[3])} |";

        Console.WriteLine();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine($"Messaging benchmark, {Environment.ProcessorCount} cores, load average {load}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(Row("What", "Measure", "Value", "Note"));
        Console.WriteLine($"|{new string('-', widths[0] + 2)}|{new string('-', widths[1] + 2)}|{new string('-', widths[2] + 1)}:|{new string('-', widths[3] + 2)}|");
        foreach (var r in results)
        {
            Console.WriteLine(Row(r.Name, r.Measure, r.Value, r.Note));
        }
    }
}

public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Milliseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency;
}
