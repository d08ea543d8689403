using NgheAn.Emulation.Api;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Hosting;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

if (await MigrationCommand.RanAsync<EmulationDbContext>(args))
{
    return; // the migration Job: the database only, then exit
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddEmulation(); // database, messaging and the events it consumes

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<EmulationApi>();

await app.RunServiceAsync<EmulationDbContext>(); // in development, migrates first
