using NgheAn.Directives.Api;
using NgheAn.Directives.Data;
using NgheAn.Directives.Hosting;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

if (MigrationCommand.IsRequested(args))
{
    await MigrationCommand.RunAsync<DirectivesDbContext>(args); // the migration Job: the database only, then exit
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddDirectives(); // database, messaging, read cache

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<DirectivesApi>();
app.MapGrpcService<DocumentReferenceApi>(); // document types, issuers, committee terms

await app.RunServiceAsync<DirectivesDbContext>(); // in development, migrates first
