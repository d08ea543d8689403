using NgheAn.Supervision.Api;
using NgheAn.Supervision.Data;
using NgheAn.Supervision.Hosting;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

if (await MigrationCommand.RanAsync<SupervisionDbContext>(args))
{
    return; // the migration Job: the database only, then exit
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddSupervision(); // database, messaging, the audit trail, the deadline scanner

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<AuditApi>();
app.MapGrpcService<SupervisionApi>(); // inspections, discipline, citizen reception, petitions

await app.RunServiceAsync<SupervisionDbContext>(); // in development, migrates first
