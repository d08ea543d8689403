using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.Messaging.Lab;

/// <summary>What a lab host does: accept commands and relay its outbox, consume events, or both.</summary>
[Flags]
public enum LabRoles
{
    Relay = 1,
    Consume = 2,
    Both = Relay | Consume,
}

public static class LabHost
{
    /// <summary>
    /// A host of the lab service named <paramref name="service" />, on the given database and broker,
    /// with the same AddServiceDatabase / AddPlatformMessaging every platform service uses.
    /// </summary>
    public static IHost Build(string service, string database, string rabbitmq, LabRoles roles,
        IReadOnlyDictionary<string, string?>? settings = null, PoisonSwitch? poison = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:database"] = database,
            ["ConnectionStrings:rabbitmq"] = rabbitmq,
            ["Messaging:Outbox:RelayEnabled"] = roles.HasFlag(LabRoles.Relay) ? "true" : "false",
            ["Messaging:Outbox:RetryDelay"] = "00:00:00.200",
            ["Messaging:Outbox:MaxRetryDelay"] = "00:00:02",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:05",
            ["Messaging:RetryLimit"] = "3",
            ["Messaging:RetryMinInterval"] = "00:00:00.050",
            ["Messaging:RetryMaxInterval"] = "00:00:00.500",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(poison ?? new PoisonSwitch());
        builder.AddServiceDatabase<LabDbContext>();
        builder.AddPlatformMessaging<LabDbContext>(service, roles.HasFlag(LabRoles.Consume)
            ? bus => bus.AddConsumer<DocumentIssuedConsumer>()
            : null);
        return builder.Build();
    }

    /// <summary>Accepts one command: its row and its event are committed in one transaction.</summary>
    public static async Task<DocumentIssued> AcceptAsync(this IHost host, Guid documentId, string title, CancellationToken cancellationToken = default)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var issued = new DocumentIssued
        {
            DocumentId = documentId,
            Symbol = "1-KH/TU",
            Type = "KH",
            Issuer = "TU",
            Title = title,
            IssueDate = new DateOnly(2026, 11, 27),
        };
        db.Commands.Add(new LabCommand { Subject = issued.Subject, AcceptedAt = DateTimeOffset.UtcNow });
        db.AddIntegrationEvent(issued);
        await db.SaveChangesAsync(cancellationToken);
        return issued;
    }

    /// <summary>
    /// Accepts <paramref name="perSubject" /> commands about each of <paramref name="subjects" />
    /// documents: subjects in parallel, one after the other within a subject, titled "000", "001"…
    /// so their commit order can be read back.
    /// </summary>
    public static async Task<List<DocumentIssued>> AcceptPerSubjectAsync(this IHost host, int subjects, int perSubject)
    {
        var issued = await Task.WhenAll(Enumerable.Range(0, subjects).Select(async _ =>
        {
            var document = Guid.NewGuid();
            var events = new List<DocumentIssued>();
            for (var i = 0; i < perSubject; i++)
            {
                events.Add(await host.AcceptAsync(document, i.ToString("D3")));
            }

            return events;
        }));
        return [.. issued.SelectMany(e => e)];
    }

    /// <summary>Waits until the bus is connected and its receive endpoints are ready.</summary>
    public static async Task WaitUntilReadyAsync(this IHost host, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, cts.Token);
    }
}
