using NgheAn.Directives.Api;
using NgheAn.Directives.Data;
using NgheAn.Directives.Hosting;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

if (await MigrationCommand.RanAsync<DirectivesDbContext>(args))
{
    return; // the migration Job: the database only, then exit
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddDirectives(); // database, messaging, read cache

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<DirectivesApi>();
app.MapGrpcService<DocumentReferenceApi>(); // document types, issuers, committee terms

await app.RunServiceAsync<DirectivesDbContext>(); // in development, migrates first
