using System.Diagnostics;
using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>Test 2: the consuming service is killed (SIGKILL) in the middle of a burst and restarted.</summary>
public sealed class ConsumerKillTests
{
    private const int Burst = 1500;

    [Fact]
    public async Task A_consumer_killed_mid_burst_loses_nothing_and_applies_nothing_twice()
    {
        await using var scenario = await Scenarios.CreateAsync();
        var relay = await scenario.StartHostAsync(LabRoles.Relay);
        using (var first = await ConsumerProcess.StartAsync(scenario))
        {
            var burst = Task.WhenAll(Enumerable.Range(0, 10).Select(async writer =>
            {
                var ids = new List<Guid>();
                for (var i = 0; i < Burst / 10; i++)
                {
                    ids.Add((await relay.AcceptAsync(Guid.NewGuid(), $"{writer}-{i}")).EventId);
                }

                return ids;
            }));

            await scenario.WaitForEffectsAsync(150, TimeSpan.FromSeconds(60));
            first.Kill();
            var appliedAtKill = await scenario.ScalarAsync("SELECT count(*) FROM lab_effects");
            Assert.True(appliedAtKill < Burst, $"the consumer was killed after the burst ({appliedAtKill} applied): the test proves nothing");

            var issued = (await burst).SelectMany(ids => ids).ToList();
            using var second = await ConsumerProcess.StartAsync(scenario);
            await scenario.WaitForEffectsAsync(Burst, TimeSpan.FromSeconds(120));
            await Task.Delay(1000); // a duplicate would arrive right behind
            await scenario.AssertAppliedExactlyOnceAsync(issued);
        }
    }

    /// <summary>The lab service's consumer as a process of its own (dotnet NgheAn.Messaging.Lab.dll lab consume).</summary>
    private sealed class ConsumerProcess : IDisposable
    {
        private readonly Process _process;

        private ConsumerProcess(Process process) => _process = process;

        public static async Task<ConsumerProcess> StartAsync(LabScenario scenario)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["ConnectionStrings__database"] = scenario.Database,
                    ["ConnectionStrings__rabbitmq"] = scenario.RabbitMq,
                },
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NgheAn.Messaging.Lab.dll"));
            start.ArgumentList.Add(LabScenario.Service);
            start.ArgumentList.Add("consume");
            var process = Process.Start(start)!;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, line) =>
            {
                lock (output)
                {
                    output.AppendLine(line.Data);
                }

                if (line.Data == "ready")
                {
                    ready.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, line) =>
            {
                lock (output)
                {
                    output.AppendLine(line.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var consumer = new ConsumerProcess(process);
            if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task)
            {
                consumer.Dispose();
                lock (output)
                {
                    Assert.Fail($"The consumer process did not get ready: {output}");
                }
            }

            return consumer;
        }

        /// <summary>SIGKILL: no shutdown, no acks, no commits in flight finish.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
        }
    }
}
