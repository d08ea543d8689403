using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NgheAn.ServiceDefaults.Hosting;

/// <summary>
/// A background check that runs once at start and then every <see cref="Interval"/> on the
/// platform clock (so a test clock moves it too). A failed pass is logged and retried at the next
/// tick: one bad row must not stop the service's other checks.
/// </summary>
public abstract class PeriodicScanner(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The platform clock, for the pass's idea of today.</summary>
    protected TimeProvider Clock => clock;

    protected ILogger Logger => logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>What the check does, for the log ("Overdue check").</summary>
    protected abstract string Name { get; }

    /// <summary>One pass; returns how many things it acted on.</summary>
    public abstract Task<int> ScanAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{Check} failed; retrying at the next interval.", Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
