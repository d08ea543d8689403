using System.Diagnostics;
using System.Globalization;

namespace NgheAn.Messaging.Benchmarks;

/// <summary>
/// CPU time spent by PostgreSQL (the postmaster and every backend), RabbitMQ (the Erlang VM) and
/// this process (writers, relay and consumer) while a phase runs, read from /proc. CPU per event
/// barely moves with the machine's load, and their sum bounds the rate the cores can carry.
/// scripts/bench-messaging.sh passes the servers' pids.
/// </summary>
public sealed class CpuMeter(int? postgres, int? rabbitMq)
{
    // Linux reports /proc times in USER_HZ ticks, 100 a second on every architecture's user ABI.
    private const double TicksPerSecond = 100;

    public static CpuMeter FromEnvironment() => new(Pid("NGHEAN_BENCH_POSTGRES_PID"), Pid("NGHEAN_BENCH_RABBITMQ_PID"));

    public (TimeSpan Postgres, TimeSpan RabbitMq, TimeSpan Self) Sample()
    {
        using var self = Process.GetCurrentProcess();
        return (postgres is { } pg ? ProcessTree(pg) : TimeSpan.Zero, rabbitMq is { } rmq ? ProcessTree(rmq) : TimeSpan.Zero, self.TotalProcessorTime);
    }

    /// <summary>A row of CPU microseconds per event between two samples, and the rate the machine's cores could carry at that cost.</summary>
    public BenchResult PerEvent(string name, (TimeSpan Postgres, TimeSpan RabbitMq, TimeSpan Self) before, int events)
    {
        var after = Sample();
        double Micros(TimeSpan a, TimeSpan b) => (a - b).TotalMicroseconds / events;
        var (pg, rmq, self) = (Micros(after.Postgres, before.Postgres), Micros(after.RabbitMq, before.RabbitMq), Micros(after.Self, before.Self));
        var total = pg + rmq + self;
        var ceiling = total > 0 ? Environment.ProcessorCount * 1_000_000 / total : double.NaN;
        return new BenchResult(name, "CPU µs/event", total.ToString("N0", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL {pg:N0} + RabbitMQ {rmq:N0} + .NET {self:N0}; {Environment.ProcessorCount} cores carry at most {ceiling:N0}/s at this cost"));
    }

    /// <summary>The process's own time, its live children's (PostgreSQL's backends), and its exited children's.</summary>
    private static TimeSpan ProcessTree(int root)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == root)
            {
                ticks += stat.UTime + stat.STime + stat.ChildrenUTime + stat.ChildrenSTime;
            }
            else if (stat.ParentPid == root)
            {
                ticks += stat.UTime + stat.STime;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private sealed record ProcStat(int ParentPid, long UTime, long STime, long ChildrenUTime, long ChildrenSTime);

    private static ProcStat? Stat(int pid)
    {
        try
        {
            // The command name may hold spaces and parentheses: fields start after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long F(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture); // n as numbered in proc(5)
            return new ProcStat((int)F(4), F(14), F(15), F(16), F(17));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // gone between listing and reading
        }
    }

    private static int? Pid(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var pid) && Directory.Exists($"/proc/{pid}") ? pid : null;
}
