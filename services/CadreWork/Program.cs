using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Hosting;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformServiceDefaults(); // ports, telemetry, health, gRPC + JSON transcoding
builder.AddCadreWork(); // database and messaging

var app = builder.Build();

app.MapPlatformEndpoints(); // health, reflection in development

await app.MigrateAndRunAsync<CadreWorkDbContext>(args);
