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
/// at the next tick; a pass must be safe to repeat.
/// </summary>
public abstract class PeriodicScanner(TimeProvider clock, ScanInterval interval, ILogger logger) : BackgroundService
{
    /// <summary>The injectable clock ("today" for the pass).</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>One pass; returns how many events it wrote.</summary>
    public abstract Task<int> ScanAsync(CancellationToken cancellationToken);

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
