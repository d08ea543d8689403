using NgheAn.CadreWork.Api;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Hosting;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

if (MigrationCommand.IsRequested(args))
{
    await MigrationCommand.RunAsync<CadreWorkDbContext>(args); // the migration Job: the database only, then exit
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddCadreWork(); // database, messaging, the organisation tree, people

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<OrgUnitsApi>();
app.MapGrpcService<CadresApi>();

await app.RunServiceAsync<CadreWorkDbContext>(); // in development, migrates first
