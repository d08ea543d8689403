using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Http;
using NgheAn.Messaging.Audit;
using NgheAn.Messaging.Inbox;
using NgheAn.Contracts.Events;
using NgheAn.Messaging.Outbox;
using NgheAn.Messaging.Stream;
using NgheAn.ServiceDefaults.Health;

namespace NgheAn.Messaging;

public static class MessagingExtensions
{
    /// <summary>The connection string of the RabbitMQ broker (an amqp:// URI).</summary>
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// MassTransit on RabbitMQ for one service, with its outbox relay and the analysts' stream.
    /// Topology an operator can read: each event type has a fanout exchange
    /// "nghean.&lt;service&gt;.&lt;event&gt;" (e.g. nghean.directives.document-issued); each consumer
    /// has a durable queue "&lt;service&gt;-&lt;event&gt;" (e.g. emulation-document-issued) bound to
    /// it, and beside it "&lt;queue&gt;_error", where a message lands with its exception after its
    /// retries (scripts/error-queue.sh lists and re-queues them). Messaging:QuorumQueues=true makes
    /// the queues replicated quorum queues (production); classic queues otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TContext : DbContext
    {
        var broker = new BrokerAddress(new Uri(builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing: set ConnectionStrings__{ConnectionName} to an amqp:// URI.")));
        var section = builder.Configuration.GetSection(MessagingOptions.Section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            addConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                // In-memory retries with back-off, then the "_error" queue; the retried message
                // holds one of PrefetchCount slots, so the messages behind it keep flowing.
                endpoint.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryMinInterval));
                if (options.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Uri, host =>
                {
                    var (user, password) = broker.Credentials;
                    host.Username(user);
                    host.Password(password);
                    host.PublisherConfirmation = true; // the default, stated: the relay relies on it
                });
                rabbit.PrefetchCount = options.PrefetchCount;
                rabbit.MessageTopology.SetEntityNameFormatter(new EventExchangeNameFormatter(rabbit.MessageTopology.EntityNameFormatter));
                // One exchange per event type; none for the abstract base record.
                rabbit.Publish<IntegrationEvent>(publish => publish.Exclude = true);
                rabbit.ConfigureEndpoints(context);
            });

            // Not readiness, not liveness: the outbox keeps every write's events while RabbitMQ is
            // away, so the service goes on serving; the bus is reported on /health/broker and the
            // outbox lag metrics instead (see HealthExtensions.Broker).
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.Tags.Clear();
                health.Tags.Add(HealthExtensions.Broker);
            });
        });

        builder.Services.Configure<MessagingOptions>(section);
        builder.Services.Configure<OutboxOptions>(section.GetSection("Outbox"));
        builder.Services.AddSingleton(broker);
        builder.Services.AddSingleton(new MessagingIdentity(serviceName));
        builder.Services.AddSingleton<EventStreamWriter>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<InboxCommitter<TContext>>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.ConfigureDbContext<TContext>((services, options) => options.AddInterceptors(
            new AuditInterceptor(serviceName, services.GetRequiredService<IHttpContextAccessor>()),
            new OutboxSignalInterceptor(services.GetRequiredService<OutboxSignal>())));
        builder.Services.AddHostedService<BusRelay<TContext>>();
        builder.Services.AddHostedService<StreamRelay<TContext>>();
        builder.Services.AddHostedService<OutboxLagMetrics<TContext>>();
        return builder;
    }
}
