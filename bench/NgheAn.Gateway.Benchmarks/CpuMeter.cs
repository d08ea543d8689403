using System.Diagnostics;

namespace NgheAn.Gateway.Benchmarks;

/// <summary>
/// CPU time used by the named processes (and the load generator itself) while a slice is measured.
/// Unlike requests per second it barely moves when other work shares the cores, so it shows what a
/// request costs each process even on a busy machine.
/// </summary>
public sealed class CpuMeter(IReadOnlyDictionary<string, int> processes)
{
    public const string LoadGenerator = "load generator";

    public IReadOnlyList<string> Names { get; } = [.. processes.Keys, LoadGenerator];

    public Dictionary<string, TimeSpan> Sample()
    {
        var sample = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (name, pid) in processes)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                sample[name] = process.TotalProcessorTime;
            }
            catch (ArgumentException)
            {
                // The process is gone: nothing to add for it.
                sample[name] = TimeSpan.Zero;
            }
        }

        using var self = Process.GetCurrentProcess();
        sample[LoadGenerator] = self.TotalProcessorTime;
        return sample;
    }

    public static Dictionary<string, TimeSpan> Difference(Dictionary<string, TimeSpan> after, Dictionary<string, TimeSpan> before) =>
        after.ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key), StringComparer.Ordinal);
}
