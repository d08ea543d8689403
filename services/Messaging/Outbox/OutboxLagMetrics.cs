using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NgheAn.Messaging.Stream;

namespace NgheAn.Messaging.Outbox;

/// <summary>
/// How far each outbox lane is behind, for an "outbox lag" alert (a broker outage does not make a
/// service unready, see HealthExtensions.Broker; this is how operators learn of it), tagged
/// lane=bus|stream:
/// <list type="bullet">
/// <item><c>nghean.outbox.oldest_unsent_age</c> (s): how long ago the oldest row the lane has not
/// published was written; 0 when the lane is done. Grows by one second per second while RabbitMQ is
/// away, or while one row keeps failing. Prometheus: <c>nghean_outbox_oldest_unsent_age_seconds</c>.</item>
/// <item><c>nghean.outbox.unsent</c> ({message}): rows the lane has not published. Prometheus:
/// <c>nghean_outbox_unsent</c>.</item>
/// </list>
/// Read from the service's database every <see cref="OutboxOptions.LagSampleInterval"/> by every
/// replica (they share the database, so they report the same values: alert on the maximum per
/// service). Nothing is reported until the first reading, nor while the database does not answer.
/// </summary>
internal sealed class OutboxLagMetrics<TContext> : BackgroundService
    where TContext : DbContext
{
    public const string MeterName = "NgheAn.Messaging";

    private readonly IServiceScopeFactory _scopes;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly OutboxLane[] _lanes;
    private volatile Reading[] _readings = [];

    private sealed record Reading(string Lane, long Unsent, double OldestAgeSeconds);

    public OutboxLagMetrics(IServiceScopeFactory scopes, IMeterFactory meters, EventStreamWriter stream,
        IOptions<OutboxOptions> options, ILogger<OutboxLagMetrics<TContext>> logger)
    {
        _scopes = scopes;
        _options = options.Value;
        _logger = logger;
        // Without the stream, nothing marks rows streamed: that lane has no lag to report.
        _lanes = stream.Enabled ? [OutboxLane.Bus, OutboxLane.Stream] : [OutboxLane.Bus];

        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("nghean.outbox.oldest_unsent_age", () => Observe(r => r.OldestAgeSeconds), unit: "s",
            description: "How long ago the oldest outbox row not yet published in this lane was written (0: none waiting).");
        meter.CreateObservableGauge("nghean.outbox.unsent", () => Observe(r => r.Unsent), unit: "{message}",
            description: "Outbox rows not yet published in this lane.");
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<Reading, T> value)
        where T : struct =>
        _readings.Select(r => new Measurement<T>(value(r), new KeyValuePair<string, object?>("lane", r.Lane)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.LagSampleInterval);
        do
        {
            try
            {
                _readings = await ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _readings = []; // unknown, not "no lag"
                _logger.LogWarning(ex, "Could not read the outbox lag; trying again in {Interval}", _options.LagSampleInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<Reading[]> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var readings = new List<Reading>();
        foreach (var lane in _lanes)
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = lane.LagSql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var unsent = reader.GetInt64(0);
            var age = reader.IsDBNull(1) ? TimeSpan.Zero : DateTimeOffset.UtcNow - reader.GetFieldValue<DateTimeOffset>(1);
            readings.Add(new Reading(lane.Name, unsent, Math.Max(0, age.TotalSeconds)));
        }

        return [.. readings];
    }
}
