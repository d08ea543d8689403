using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// The metrics an "outbox lag" alert reads (nghean.outbox.unsent and nghean.outbox.oldest_unsent_age,
/// per lane): events waiting for the relay show as rows and a growing age, and both fall to 0 once
/// they are published.
/// </summary>
public sealed class OutboxLagMetricsTests
{
    private const int Events = 3;
    private static readonly Dictionary<string, string?> FastSampling = new() { ["Messaging:Outbox:LagSampleInterval"] = "00:00:00.200" };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_waiting_for_the_relay_show_as_lag_until_they_are_published()
    {
        await using var scenario = await Scenarios.CreateAsync();
        // Accepts commands but does not relay (as a replica does while another relays): its events wait.
        var writer = await scenario.StartHostAsync(0, FastSampling);
        using var metrics = new LagMetrics(writer);
        Assert.Equal(0, await metrics.WhenAsync("nghean.outbox.unsent", "bus", v => v == 0));

        var firstWritten = DateTimeOffset.UtcNow;
        for (var i = 0; i < Events; i++)
        {
            await writer.AcceptAsync(Guid.NewGuid(), $"waiting {i}");
        }

        foreach (var lane in new[] { "bus", "stream" })
        {
            Assert.Equal(Events, await metrics.WhenAsync("nghean.outbox.unsent", lane, v => v == Events));
            // The age grows while the rows wait, and never exceeds the time since the first was written.
            var age = await metrics.WhenAsync("nghean.outbox.oldest_unsent_age", lane, v => v >= 1);
            Assert.InRange(age, 1, (DateTimeOffset.UtcNow - firstWritten).TotalSeconds);
        }

        await scenario.StartHostAsync(LabRoles.Relay);

        foreach (var lane in new[] { "bus", "stream" })
        {
            Assert.Equal(0, await metrics.WhenAsync("nghean.outbox.unsent", lane, v => v == 0));
            Assert.Equal(0, await metrics.WhenAsync("nghean.outbox.oldest_unsent_age", lane, v => v == 0));
        }
    }

    /// <summary>Reads the outbox lag gauges of one host (its own meters: other hosts in this process report theirs).</summary>
    private sealed class LagMetrics : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string Instrument, string Lane), double> _last = [];

        public LagMetrics(IHost host)
        {
            var meters = host.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "NgheAn.Messaging" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        /// <summary>Polls the gauge of one lane until <paramref name="done"/> holds; returns the value (fails the test after the patience).</summary>
        public async Task<double> WhenAsync(string instrument, string lane, Func<double, bool> done)
        {
            double? value = null;
            await Servers.WaitUntilAsync(
                () =>
                {
                    value = Read(instrument, lane);
                    return Task.FromResult(value is { } v && done(v));
                },
                Patience,
                () => Task.FromResult($"{instrument}{{lane={lane}}} is {value?.ToString() ?? "not reported"}"));
            return value!.Value;
        }

        private double? Read(string instrument, string lane)
        {
            lock (_last)
            {
                _last.Clear();
                _listener.RecordObservableInstruments();
                return _last.TryGetValue((instrument, lane), out var value) ? value : null;
            }
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "lane")
                {
                    _last[(instrument.Name, (string)tag.Value!)] = value;
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
