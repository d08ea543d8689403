using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NgheAn.Messaging.Lab;
using NgheAn.ServiceDefaults.Health;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// Readiness and liveness never depend on RabbitMQ (the outbox holds events while it is away): a
/// service whose broker does not answer is still ready, and only its broker check says so.
/// (tests/NgheAn.EndToEnd.Tests/BrokerOutageTests stops a real broker for minutes under writes.)
/// </summary>
public sealed class ReadinessWithoutBrokerTests
{
    [Fact]
    public async Task A_service_whose_broker_does_not_answer_is_ready_and_live_and_its_broker_check_fails()
    {
        await using var scenario = await Scenarios.CreateAsync();
        // Nothing listens on port 1: the bus never connects.
        using var host = LabHost.Build(LabScenario.Service, scenario.Database, "amqp://services:none@127.0.0.1:1/", LabRoles.Both);
        await host.StartAsync();
        try
        {
            var health = host.Services.GetRequiredService<HealthCheckService>();
            var bus = health.CheckHealthAsync(r => r.Tags.Contains(HealthExtensions.Broker));
            var ready = await health.CheckHealthAsync(r => r.Tags.Contains(HealthExtensions.Ready));
            var live = await health.CheckHealthAsync(r => r.Tags.Contains(HealthExtensions.Live));

            Assert.Equal(HealthStatus.Healthy, ready.Status);
            Assert.Contains("database", ready.Entries.Keys); // readiness checks what the service needs to serve
            Assert.DoesNotContain("rabbitmq", ready.Entries.Keys);
            Assert.DoesNotContain("rabbitmq", live.Entries.Keys);
            var broker = await bus;
            Assert.Equal(["rabbitmq"], broker.Entries.Keys);
            Assert.NotEqual(HealthStatus.Healthy, broker.Status);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
