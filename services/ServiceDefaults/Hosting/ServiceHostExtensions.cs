using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NgheAn.ServiceDefaults.Correlation;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Security;
using NgheAn.ServiceDefaults.Validation;

namespace NgheAn.ServiceDefaults.Hosting;

/// <summary>What every domain service does the same way, so its Program.cs lists only what is its own.</summary>
public static class ServiceHostExtensions
{
    /// <summary>gRPC and JSON ports, telemetry, health checks, service discovery, JWT authentication and the gRPC API with JSON transcoding.</summary>
    public static WebApplicationBuilder AddPlatformServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.UseGrpcAndHttpPorts();
        builder.AddServiceDefaults();
        builder.AddPlatformAuthentication();
        builder.AddGrpcApi();
        return builder;
    }

    /// <summary>
    /// Hardening headers, the correlation id in log scopes, gRPC-Web for browsers (the gateway forwards
    /// application/grpc-web* as it is; this translates it), the caller's token checked, malformed
    /// gRPC payloads and ill-typed JSON refused naming their field, health
    /// endpoints (HTTP and grpc.health.v1) and, in development, gRPC reflection.
    /// </summary>
    public static WebApplication MapPlatformEndpoints(this WebApplication app)
    {
        app.UseSecurityHeaders(); // nosniff, no Server header: on every response, refusals included
        app.UseCorrelationId(); // first, so even a refused call carries it
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseGrpcPayloadCheck(); // malformed protobuf answers INVALID_ARGUMENT, not UNKNOWN
        app.UseJsonRequestCheck(); // wrong JSON types and numbers beyond their type name their field
        app.MapPlatformHealthChecks();
        app.MapGrpcReflectionInDevelopment();
        return app;
    }

    /// <summary>
    /// Serves. In production the service never migrates (its role may not): the migration Job does,
    /// and readiness waits for it (<see cref="SchemaHealthCheck{TContext}"/>). Elsewhere (local
    /// development, where the service connects as its database's owner) it applies pending migrations
    /// first, unless Database:MigrateAtStartup says false.
    /// </summary>
    public static async Task RunServiceAsync<TContext>(this WebApplication app)
        where TContext : DbContext
    {
        var migrateAtStartup = app.Configuration.GetValue<bool?>(MigrateAtStartupSetting);
        if (app.Environment.IsProduction() && migrateAtStartup == true)
        {
            throw new InvalidOperationException(
                $"{MigrateAtStartupSetting} is true in Production: production services never migrate; the Job {MigrationCommand.JobName(app.Environment.ApplicationName)} does.");
        }

        if (migrateAtStartup ?? !app.Environment.IsProduction())
        {
            await app.Services.MigrateDatabaseAsync<TContext>();
        }

        await app.RunAsync();
    }

    public const string MigrateAtStartupSetting = "Database:MigrateAtStartup";
}
