using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace NgheAn.AppHost;

/// <summary>The servers the platform needs, as connection strings, and the services' own databases on PostgreSQL.</summary>
public sealed record PlatformServers(
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    ServiceDatabases Databases);

public static class PlatformResources
{
    /// <summary>
    /// PostgreSQL, RabbitMQ and Redis run on this machine, started by scripts/servers.sh, which
    /// writes their connection strings (ConnectionStrings__postgres, __rabbitmq, __redis). No
    /// containers: this machine has no container runtime, and the AppHost must not try one.
    /// "postgres" is the administrator's: the AppHost makes each service's role and database with
    /// it before the services start (<see cref="ServiceDatabases"/>) and hands it to no service.
    /// </summary>
    public static PlatformServers AddLocalServers(this IDistributedApplicationBuilder builder)
    {
        foreach (var name in new[] { "postgres", "rabbitmq", "redis" })
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{name} is not set. Start the servers with `scripts/servers.sh start` and load .local/run/env, or use scripts/run.sh.");
            }
        }

        var databases = new ServiceDatabases(builder.Configuration.GetConnectionString("postgres")!);
        builder.Eventing.Subscribe<BeforeStartEvent>((_, cancellationToken) => databases.ProvisionAsync(cancellationToken));
        return new PlatformServers(
            builder.AddConnectionString("postgres"),
            builder.AddConnectionString("rabbitmq"),
            builder.AddConnectionString("redis"),
            databases);
    }

    /// <summary>
    /// A platform service: a gRPC (h2c) endpoint and a JSON (HTTP/1.1) endpoint, its own database
    /// on the shared PostgreSQL server (reached as its own role, which owns it), RabbitMQ and Redis,
    /// and readiness from /health/ready.
    /// Platform:DatabasePrefix lets several copies of the platform share one server (tests);
    /// Testing:ClockOffsetDirectory gives each service a test clock of its own, {directory}/{name}.txt
    /// (tests only: a Production service refuses it).
    /// Platform:Replicas:{name} (default 1) runs more instances of it ("directives-2"…), as a
    /// Deployment's replicas do: same database, broker, settings and clock; the gateway balances calls
    /// over all of them (<see cref="AddGateway"/>). Only <see cref="WithSettings"/> reaches the extra
    /// instances: settings given with WithEnvironment stay with the first.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformServers servers)
        where TProject : IProjectMetadata, new()
    {
        var database = servers.Databases.Add($"{builder.Configuration["Platform:DatabasePrefix"]}{name}");
        var service = builder.AddServiceInstance<TProject>(name, name, database, servers);
        var replicas = builder.Configuration.GetValue<int?>($"Platform:Replicas:{name}") ?? 1;
        if (replicas < 1)
        {
            throw new InvalidOperationException($"Platform:Replicas:{name} must be at least 1, got {replicas}.");
        }

        for (var instance = 2; instance <= replicas; instance++)
        {
            service.WithAnnotation(new ReplicaAnnotation(builder.AddServiceInstance<TProject>($"{name}-{instance}", name, database, servers)));
        }

        return service;
    }

    /// <summary>The other instances of a service (Platform:Replicas), beside its first.</summary>
    private sealed record ReplicaAnnotation(IResourceBuilder<ProjectResource> Instance) : IResourceAnnotation;

    private static IEnumerable<IResourceBuilder<ProjectResource>> Replicas(IResourceBuilder<ProjectResource> service) =>
        service.Resource.Annotations.OfType<ReplicaAnnotation>().Select(r => r.Instance);

    private static IResourceBuilder<ProjectResource> AddServiceInstance<TProject>(
        this IDistributedApplicationBuilder builder, string resourceName, string service, string database, PlatformServers servers)
        where TProject : IProjectMetadata, new()
    {
        var instance = builder.AddProject<TProject>(resourceName, launchProfileName: null)
            .WithServiceEndpoints()
            .WithEnvironment("ConnectionStrings__database", database)
            .WithReference(servers.RabbitMq)
            .WithReference(servers.Redis);
        if (builder.Configuration["Testing:ClockOffsetDirectory"] is { Length: > 0 } clocks)
        {
            instance.WithEnvironment("Testing__ClockOffsetFile", Path.Combine(clocks, $"{service}.txt"));
        }

        return instance;
    }

    /// <summary>
    /// Passes the AppHost's settings under these sections to a service (Directives:OverdueCheck:Interval →
    /// Directives__OverdueCheck__Interval); tests use it for the overdue check's interval.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSettings(this IResourceBuilder<ProjectResource> project, params string[] sections)
    {
        foreach (var section in sections)
        {
            foreach (var (key, value) in project.ApplicationBuilder.Configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    foreach (var instance in Replicas(project).Prepend(project))
                    {
                        instance.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
                    }
                }
            }
        }

        return project;
    }

    /// <summary>Gateway settings the AppHost passes on to every gateway instance (Gateway:RateLimits:PermitLimit → RateLimits__PermitLimit).</summary>
    private static readonly string[] GatewaySettings = ["RateLimits", "Idempotency", "Cors", "ForwardedHeaders"];

    /// <summary>
    /// The gateway, with the services it routes to. Gateway:HttpPort and Gateway:GrpcPort fix the
    /// first instance's ports (scripts/run.sh sets them); left unset, they are chosen at random
    /// (tests). Gateway:Instances (default 1) adds replicas "gateway-2", "gateway-3"… on random
    /// ports, sharing Redis, to show that rate limits and idempotency keys hold across replicas.
    /// Gateway:RateLimits:*, Gateway:Idempotency:*, Gateway:Cors:* and Gateway:ForwardedHeaders:*
    /// are passed to every instance.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddGateway(
        this IDistributedApplicationBuilder builder, PlatformServers servers, params IResourceBuilder<ProjectResource>[] services)
    {
        var instances = builder.Configuration.GetValue<int?>("Gateway:Instances") ?? 1;
        if (instances < 1)
        {
            throw new InvalidOperationException($"Gateway:Instances must be at least 1, got {instances}.");
        }

        var gateways = new List<IResourceBuilder<ProjectResource>>();
        for (var instance = 1; instance <= instances; instance++)
        {
            var first = instance == 1;
            var gateway = builder.AddProject<Projects.NgheAn_Gateway>(first ? "gateway" : $"gateway-{instance}", launchProfileName: null)
                .WithServiceEndpoints(
                    first ? builder.Configuration.GetValue<int?>("Gateway:HttpPort") : null,
                    first ? builder.Configuration.GetValue<int?>("Gateway:GrpcPort") : null)
                .WithReference(servers.Redis);
            foreach (var section in GatewaySettings)
            {
                foreach (var (key, value) in builder.Configuration.GetSection($"Gateway:{section}").AsEnumerable(makePathsRelative: true))
                {
                    if (value is not null)
                    {
                        gateway.WithEnvironment($"{section}__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
                    }
                }
            }

            foreach (var service in services)
            {
                gateway.WithReference(service).WaitFor(service);
                // Service discovery lists every instance (services__directives__grpc__0, __1…): one destination each.
                foreach (var (replica, index) in Replicas(service).Select((replica, index) => (replica, index + 1)))
                {
                    gateway.WithEnvironment($"services__{service.Resource.Name}__grpc__{index}", replica.GetEndpoint("grpc")).WaitFor(replica);
                }
            }

            gateways.Add(gateway);
        }

        return gateways;
    }

    private static IResourceBuilder<ProjectResource> WithServiceEndpoints(
        this IResourceBuilder<ProjectResource> project, int? httpPort = null, int? grpcPort = null) =>
        project
            .WithHttpEndpoint(name: "http", port: httpPort, env: "HTTP_PORT")
            .WithHttpEndpoint(name: "grpc", port: grpcPort, env: "GRPC_PORT")
            .WithEndpoint("grpc", endpoint => endpoint.Transport = "http2")
            .WithEnvironment("BIND_ADDRESS", "127.0.0.1")
            // Without a launch profile Aspire sets no environment and the apps would run as
            // Production: run them in the AppHost's own (Development locally and in tests).
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName)
            .WithHttpHealthCheck("/health/ready", endpointName: "http");
}
