using NgheAn.CadreWork.Api;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Hosting;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

if (await MigrationCommand.RanAsync<CadreWorkDbContext>(args))
{
    return; // the migration Job: the database only, then exit
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddCadreWork(); // database, messaging, the organisation tree, people

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<OrgUnitsApi>();
app.MapGrpcService<CadresApi>();

await app.RunServiceAsync<CadreWorkDbContext>(); // in development, migrates first
