using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace NgheAn.AppHost;

/// <summary>The servers the platform needs, as connection strings.</summary>
public sealed record PlatformServers(
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    IResourceBuilder<IResourceWithConnectionString> Redis);

public static class PlatformResources
{
    /// <summary>
    /// PostgreSQL, RabbitMQ and Redis run on this machine, started by scripts/servers.sh, which
    /// writes their connection strings (ConnectionStrings__postgres, __rabbitmq, __redis). No
    /// containers: this machine has no container runtime, and the AppHost must not try one.
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

        return new PlatformServers(
            builder.AddConnectionString("postgres"),
            builder.AddConnectionString("rabbitmq"),
            builder.AddConnectionString("redis"));
    }

    /// <summary>
    /// A platform service: a gRPC (h2c) endpoint and a JSON (HTTP/1.1) endpoint, its own database
    /// on the shared PostgreSQL server, RabbitMQ and Redis, and readiness from /health/ready.
    /// Platform:DatabasePrefix lets several copies of the platform share one server (tests).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformServers servers)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, launchProfileName: null)
            .WithServiceEndpoints()
            .WithEnvironment("ConnectionStrings__database", ReferenceExpression.Create(
                $"{servers.Postgres.Resource};Database={builder.Configuration["Platform:DatabasePrefix"]}{name}"))
            .WithReference(servers.RabbitMq)
            .WithReference(servers.Redis);

    /// <summary>
    /// The gateway, with the services it routes to. Gateway:HttpPort and Gateway:GrpcPort fix its
    /// ports (scripts/run.sh sets them); left unset, they are chosen at random (tests).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGateway(
        this IDistributedApplicationBuilder builder, PlatformServers servers, params IResourceBuilder<ProjectResource>[] services)
    {
        var gateway = builder.AddProject<Projects.NgheAn_Gateway>("gateway", launchProfileName: null)
            .WithServiceEndpoints(
                builder.Configuration.GetValue<int?>("Gateway:HttpPort"),
                builder.Configuration.GetValue<int?>("Gateway:GrpcPort"))
            .WithReference(servers.Redis);
        foreach (var service in services)
        {
            gateway.WithReference(service).WaitFor(service);
        }

        return gateway;
    }

    private static IResourceBuilder<ProjectResource> WithServiceEndpoints(
        this IResourceBuilder<ProjectResource> project, int? httpPort = null, int? grpcPort = null) =>
        project
            .WithHttpEndpoint(name: "http", port: httpPort, env: "HTTP_PORT")
            .WithHttpEndpoint(name: "grpc", port: grpcPort, env: "GRPC_PORT")
            .WithEndpoint("grpc", endpoint => endpoint.Transport = "http2")
            .WithEnvironment("BIND_ADDRESS", "127.0.0.1")
            .WithHttpHealthCheck("/health/ready", endpointName: "http");
}
