using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NgheAn.ServiceDefaults.Hosting;

/// <summary>How often a <see cref="PeriodicScanner"/> runs.</summary>
public sealed record ScanInterval(TimeSpan Value);

/// <summary>
/// A background pass over the service's records, run at start and then every interval on the
/// injectable clock (so tests that move the clock see it act). A failed pass is logged and retried
/// at the next tick; a pass must be safe to repeat. Each record goes through <see cref="IsolatedAsync"/>,
/// so one record the pass cannot process is skipped and counted, never stopping the others.
/// </summary>
public abstract class PeriodicScanner(TimeProvider clock, ScanInterval interval, ILogger logger) : BackgroundService
{
    private static readonly Meter Meter = new("NgheAn.Scanners");

    /// <summary>Records a pass skipped because processing them threw; tagged with the scanner's name.</summary>
    private static readonly Counter<long> RowsSkipped = Meter.CreateCounter<long>(
        "nghean.scanner.rows_skipped", unit: "{row}", description: "Records a periodic scanner could not process and skipped.");

    /// <summary>The injectable clock ("today" for the pass).</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>One pass; returns how many events it wrote.</summary>
    public abstract Task<int> ScanAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Processes one record; if that throws, logs the record's id (ids only: no field values), counts
    /// it in nghean.scanner.rows_skipped and returns 0, so the pass goes on with the others and
    /// tries the record again next time.
    /// </summary>
    protected async Task<int> IsolatedAsync(string kind, object id, Func<Task<int>> process, CancellationToken cancellationToken)
    {
        try
        {
            return await process();
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            RowsSkipped.Add(1, new KeyValuePair<string, object?>("scanner", GetType().Name), new KeyValuePair<string, object?>("kind", kind));
            logger.LogError("{Scanner} skipped {Kind} {Id}: {ErrorType}; the other records go on.", GetType().Name, kind, id, ex.GetType().Name);
            logger.LogDebug(ex, "{Scanner} failure on {Kind} {Id}.", GetType().Name, kind, id);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval.Value, Clock);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{Scanner} failed; retrying at the next interval.", GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class PeriodicScannerExtensions
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    /// <summary>Runs the scanner as a hosted service, every {section}:Interval (default 15 minutes); it is also injectable for a pass on demand.</summary>
    public static IHostApplicationBuilder AddPeriodicScanner<TScanner>(this IHostApplicationBuilder builder, string section)
        where TScanner : PeriodicScanner
    {
        var interval = new ScanInterval(builder.Configuration.GetSection(section).GetValue("Interval", DefaultInterval));
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<TScanner>(services, interval));
        builder.Services.AddHostedService(services => services.GetRequiredService<TScanner>());
        return builder;
    }
}
