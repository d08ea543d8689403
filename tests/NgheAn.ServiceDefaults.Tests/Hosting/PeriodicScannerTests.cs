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
}
