using NgheAn.Supervision.Data;
using NgheAn.Supervision.Hosting;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddSupervision(); // database and messaging

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development

await app.MigrateAndRunAsync<SupervisionDbContext>(args);
