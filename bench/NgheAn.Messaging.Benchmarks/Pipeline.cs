using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Benchmarks;

/// <summary>
/// The real pipeline, in one process: the lab service's transactional writes (command row + outbox
/// row), the outbox relay (MassTransit publish and stream append, both confirmed, then the row
/// marked sent) and the inbox consumer (inbox row + effect row in one transaction), on PostgreSQL
/// with fsync and RabbitMQ with persistent messages.
/// </summary>
public static class Pipeline
{
    public static async Task<IEnumerable<BenchResult>> RunThroughputAsync(BenchSettings settings, CpuMeter cpu)
    {
        await using var lab = await LabScenario.CreateAsync(settings.Postgres, settings.RabbitMq, settings.Management);
        var consumer = await lab.StartHostAsync(LabRoles.Consume);
        using var writer = lab.BuildHost(0);

        // The backlog is committed with the relay stopped, then relayed and consumed: that is the
        // pipeline's own rate, not the writers'.
        var before = cpu.Sample();
        var clock = Stopwatch.StartNew();
        await WriteBacklogAsync(writer, settings.PipelineEvents);
        var written = clock.Elapsed;
        var writeCpu = cpu.PerEvent("  its CPU per event", before, settings.PipelineEvents);

        before = cpu.Sample();
        clock.Restart();
        await lab.StartHostAsync(LabRoles.Relay);
        await lab.WaitForEffectsAsync(settings.PipelineEvents, TimeSpan.FromMinutes(10));
        var relayed = clock.Elapsed;
        var perEvent = cpu.PerEvent("  its CPU per event", before, settings.PipelineEvents);
        _ = consumer;

        return
        [
            BenchResult.Rate("Transactional writes (command + outbox)", settings.PipelineEvents, written, "16 writers, one transaction per event"),
            writeCpu,
            BenchResult.Rate("Outbox -> RabbitMQ -> inbox", settings.PipelineEvents, relayed,
                $"{settings.PipelineEvents} events: relay (bus + stream, confirms) to consumer's committed effect"),
            perEvent,
        ];
    }

    /// <summary>
    /// Each half alone, on one backlog: the relay with no consumer running (rows committed until
    /// all are confirmed in the queue and the stream and marked sent), then the consumer on the
    /// queue the relay filled (until every effect is committed). Shows which half limits the pipeline.
    /// </summary>
    public static async Task<IEnumerable<BenchResult>> RunStagesAsync(BenchSettings settings, CpuMeter cpu)
    {
        await using var lab = await LabScenario.CreateAsync(settings.Postgres, settings.RabbitMq, settings.Management);
        // The consumer's queue and binding exist before anything is published, so nothing is dropped.
        await (await lab.StartHostAsync(LabRoles.Consume)).StopAsync();
        using var writer = lab.BuildHost(0);
        await WriteBacklogAsync(writer, settings.PipelineEvents);

        var before = cpu.Sample();
        var clock = Stopwatch.StartNew();
        await lab.StartHostAsync(LabRoles.Relay);
        await lab.WaitForSentAsync(settings.PipelineEvents, TimeSpan.FromMinutes(10));
        var relayed = clock.Elapsed;
        var relayCpu = cpu.PerEvent("    its CPU per event", before, settings.PipelineEvents);

        before = cpu.Sample();
        clock.Restart();
        await lab.StartHostAsync(LabRoles.Consume);
        await lab.WaitForEffectsAsync(settings.PipelineEvents, TimeSpan.FromMinutes(10));
        var consumed = clock.Elapsed;
        var consumerCpu = cpu.PerEvent("    its CPU per event", before, settings.PipelineEvents);
        return
        [
            BenchResult.Rate("  relay alone (outbox -> queue + stream)", settings.PipelineEvents, relayed, "no consumer running; until every row is confirmed and marked sent"),
            relayCpu,
            BenchResult.Rate("  consumer alone (queue -> inbox + effect)", settings.PipelineEvents, consumed, "on the queue the relay filled; until every effect is committed"),
            consumerCpu,
        ];
    }

    private static async Task WriteBacklogAsync(IHost writer, int events)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < events)
            {
                await writer.AcceptAsync(Guid.NewGuid(), "throughput");
            }
        }));
    }

    public static async Task<IEnumerable<BenchResult>> RunLatencyAsync(BenchSettings settings, CpuMeter cpu)
    {
        await using var lab = await LabScenario.CreateAsync(settings.Postgres, settings.RabbitMq, settings.Management);
        var consumer = await lab.StartHostAsync(LabRoles.Consume);
        var service = await lab.StartHostAsync(LabRoles.Relay);
        var applied = new ConcurrentDictionary<Guid, long>();
        using var observer = consumer.Services.GetRequiredService<IBusControl>().ConnectConsumeObserver(new AppliedObserver(applied));

        // Warm-up: connections, JIT, the first relay passes.
        for (var i = 0; i < 200; i++)
        {
            await service.AcceptAsync(Guid.NewGuid(), "warm-up");
        }

        await lab.WaitForEffectsAsync(200, TimeSpan.FromMinutes(1));

        // Open loop at the offered rate: event i is committed at start + i / rate, whatever the
        // earlier ones are doing (at most 64 commits in flight).
        var total = settings.OfferedRate * settings.LatencySeconds;
        var committed = new ConcurrentDictionary<Guid, long>();
        using var inFlight = new SemaphoreSlim(64);
        var writes = new List<Task>(total);
        var before = cpu.Sample();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / settings.OfferedRate);
            var wait = Percentiles.Milliseconds(Stopwatch.GetTimestamp(), due);
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            await inFlight.WaitAsync();
            writes.Add(Task.Run(async () =>
            {
                try
                {
                    var issued = await service.AcceptAsync(Guid.NewGuid(), "latency");
                    committed[issued.EventId] = Stopwatch.GetTimestamp();
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(writes);
        var offeredFor = Percentiles.Milliseconds(start, Stopwatch.GetTimestamp()) / 1000;
        await lab.WaitForEffectsAsync(200 + total, TimeSpan.FromMinutes(2));
        var perEvent = cpu.PerEvent("  its CPU per event (write, relay, consume)", before, total);
        await Task.Delay(200);

        var latencies = committed
            .Select(c => applied.TryGetValue(c.Key, out var at) ? Percentiles.Milliseconds(c.Value, at) : double.NaN)
            .Where(l => !double.IsNaN(l))
            .Order()
            .ToList();
        return
        [
            new BenchResult($"Commit -> consumer's committed effect @ {settings.OfferedRate}/s", "p50 / p99 / max ms",
                $"{Percentiles.Of(latencies, 50):N1} / {Percentiles.Of(latencies, 99):N1} / {latencies[^1]:N1}",
                $"{latencies.Count} events in {offeredFor:N1} s (achieved {total / offeredFor:N0}/s)"),
            perEvent,
        ];
    }

    /// <summary>When each message's consumer finished (after its transaction committed).</summary>
    private sealed class AppliedObserver(ConcurrentDictionary<Guid, long> applied) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                applied.TryAdd(id, Stopwatch.GetTimestamp());
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
