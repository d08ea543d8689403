using System.Collections.Concurrent;
using System.Diagnostics;
using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>Collects the activities of the platform's sources while a test runs (the Aspire dashboard shows the same spans).</summary>
public sealed class TraceCollector : IDisposable
{
    public static readonly ActivitySource Source = new("NgheAn.Tests");

    private readonly ActivityListener _listener;

    public TraceCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "NgheAn.Tests" or "NgheAn.Messaging" or "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Stopped.Add(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentBag<Activity> Stopped { get; } = [];

    public void Dispose() => _listener.Dispose();
}

/// <summary>Tests that listen to activities run one at a time (a listener sees every host in the process).</summary>
[CollectionDefinition(Name)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}

[Collection(TracingCollection.Name)]
public sealed class TracingTests
{
    [Fact]
    public async Task One_trace_spans_the_command_the_relay_and_the_consumer()
    {
        using var tracing = new TraceCollector();
        await using var scenario = await Scenarios.CreateAsync();
        var host = await scenario.StartHostAsync(LabRoles.Both);

        ActivityTraceId traceId;
        using (var command = TraceCollector.Source.StartActivity("command", ActivityKind.Server))
        {
            traceId = command!.TraceId;
            await host.AcceptAsync(Guid.NewGuid(), "traced");
        }

        await scenario.WaitForEffectsAsync(1, TimeSpan.FromSeconds(30));
        await Servers.WaitUntilAsync(
            () => Task.FromResult(tracing.Stopped.Any(a => a.TraceId == traceId && a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer)),
            TimeSpan.FromSeconds(10),
            () => Task.FromResult(string.Join(", ", tracing.Stopped.Where(a => a.TraceId == traceId).Select(a => $"{a.Source.Name}/{a.DisplayName}/{a.Kind}"))));

        var spans = tracing.Stopped.Where(a => a.TraceId == traceId).ToList();
        Assert.Contains(spans, a => a.Source.Name == "NgheAn.Messaging" && a.DisplayName == "outbox relay" && a.Kind == ActivityKind.Producer);
        Assert.Contains(spans, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer);
        Assert.Contains(spans, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
    }
}
