using NgheAn.Messaging.Benchmarks;

// scripts/bench-messaging.sh runs this in Release against the servers it started. Environment:
// ConnectionStrings__postgres, ConnectionStrings__rabbitmq, NGHEAN_RABBITMQ_MANAGEMENT_URL.
var settings = BenchSettings.FromEnvironment(args);
var results = new List<BenchResult>();
var cpu = CpuMeter.FromEnvironment();

// --only raw|pipeline|stages|latency runs one part.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (only is null or "raw")
{
    Console.WriteLine($"Raw broker: {settings.RawMessages} persistent messages, publisher confirms, one queue...");
    results.AddRange(await RawBroker.RunAsync(settings, cpu));
}

if (only is null or "pipeline")
{
    Console.WriteLine($"Pipeline: {settings.PipelineEvents} events outbox -> relay -> RabbitMQ -> inbox...");
    results.AddRange(await Pipeline.RunThroughputAsync(settings, cpu));
}

if (only is null or "stages")
{
    Console.WriteLine($"Stages: {settings.PipelineEvents} events through the relay alone, then the consumer alone...");
    results.AddRange(await Pipeline.RunStagesAsync(settings, cpu));
}

if (only is null or "latency")
{
    Console.WriteLine($"Latency: {settings.OfferedRate} events/s for {settings.LatencySeconds} s...");
    results.AddRange(await Pipeline.RunLatencyAsync(settings, cpu));
}

BenchResult.Print(results, settings);
return 0;
