using NgheAn.Supervision.Api;
using NgheAn.Supervision.Data;
using NgheAn.Supervision.Hosting;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddSupervision(); // database, messaging, the audit trail, the deadline scanner

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development
app.MapGrpcService<AuditApi>();
app.MapGrpcService<SupervisionApi>(); // inspections, discipline, citizen reception, petitions

await app.MigrateAndRunAsync<SupervisionDbContext>(args);
