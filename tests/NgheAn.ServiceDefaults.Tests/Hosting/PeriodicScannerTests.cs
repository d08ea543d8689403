using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using NgheAn.ServiceDefaults.Hosting;

namespace NgheAn.ServiceDefaults.Tests.Hosting;

public sealed class PeriodicScannerTests
{
    private sealed class CountingScanner(TimeProvider clock, ScanInterval interval) : PeriodicScanner(clock, interval, NullLogger.Instance)
    {
        public TimeSpan Interval { get; } = interval.Value;

        public int Passes;

        public override Task<int> ScanAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Passes);
            return Passes == 1 ? throw new InvalidOperationException("a failed pass is retried") : Task.FromResult(0);
        }
    }

    [Fact]
    public void The_interval_comes_from_the_section_and_the_scanner_is_one_hosted_singleton()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Test:Scan:Interval", "00:00:02")]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPeriodicScanner<CountingScanner>("Test:Scan");
        using var services = builder.Services.BuildServiceProvider();

        var scanner = services.GetRequiredService<CountingScanner>();
        Assert.Equal(TimeSpan.FromSeconds(2), scanner.Interval);
        Assert.Same(scanner, Assert.Single(services.GetServices<IHostedService>()));
    }

    [Fact]
    public async Task It_scans_at_start_and_again_after_a_failed_pass()
    {
        var scanner = new CountingScanner(TimeProvider.System, new ScanInterval(TimeSpan.FromMilliseconds(50)));
        await scanner.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref scanner.Passes) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await scanner.StopAsync(CancellationToken.None);
        Assert.True(scanner.Passes >= 3);
    }

    private sealed class RowScanner() : PeriodicScanner(TimeProvider.System, new ScanInterval(TimeSpan.FromHours(1)), NullLogger.Instance)
    {
        public List<int> Served { get; } = [];

        public override async Task<int> ScanAsync(CancellationToken cancellationToken)
        {
            var written = 0;
            foreach (var row in new[] { 1, 2, 3 })
            {
                written += await IsolatedAsync("row", row, () =>
                    row == 2 ? throw new ArgumentOutOfRangeException(nameof(row)) : Task.FromResult(Serve(row)), cancellationToken);
            }

            return written;
        }

        private int Serve(int row)
        {
            Served.Add(row);
            return 1;
        }
    }

    [Fact]
    public async Task A_row_that_throws_is_skipped_and_counted_and_the_others_are_served()
    {
        var skipped = new List<(long Value, object? Scanner)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "nghean.scanner.rows_skipped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            skipped.Add((value, tags.ToArray().Single(t => t.Key == "scanner").Value)));
        listener.Start();

        var scanner = new RowScanner();
        var written = await scanner.ScanAsync(CancellationToken.None);

        Assert.Equal(2, written);
        Assert.Equal([1, 3], scanner.Served);
        Assert.Equal((1L, (object?)nameof(RowScanner)), Assert.Single(skipped));
    }
}
