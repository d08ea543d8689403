using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Http;
using NgheAn.Messaging.Audit;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Health;

namespace NgheAn.Messaging;

public static class MessagingExtensions
{
    /// <summary>The connection string of the RabbitMQ broker (an amqp:// URI).</summary>
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// MassTransit on RabbitMQ for one service, with its outbox relay. Queues are named
    /// "{service}-{consumer}" in kebab-case so an operator can tell whose they are; each has an
    /// "_error" queue where a message lands after its retries. Set Messaging:QuorumQueues=true in
    /// production for replicated queues.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TContext : DbContext
    {
        var broker = new Uri(builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing: set ConnectionStrings__{ConnectionName} to an amqp:// URI."));
        var quorumQueues = builder.Configuration.GetValue<bool>("Messaging:QuorumQueues");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            addConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400)));
                if (quorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker, host =>
                {
                    var (user, password) = Credentials(broker);
                    host.Username(user);
                    host.Password(password);
                });
                rabbit.ConfigureEndpoints(context);
            });

            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.Tags.Clear();
                health.Tags.Add(HealthExtensions.Ready);
            });
        });

        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Messaging:Outbox"));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.ConfigureDbContext<TContext>((services, options) => options.AddInterceptors(
            new AuditInterceptor(serviceName, services.GetRequiredService<IHttpContextAccessor>()),
            new OutboxSignalInterceptor(services.GetRequiredService<OutboxSignal>())));
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        return builder;
    }

    private static (string User, string Password) Credentials(Uri broker)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}
