using NgheAn.Supervision.Data;
using NgheAn.Supervision.Hosting;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
builder.AddGrpcApi();
builder.AddSupervision();

var app = builder.Build();

app.MapPlatformHealthChecks();
app.MapGrpcReflectionInDevelopment();

await app.MigrateDatabaseAsync<SupervisionDbContext>();
if (args is ["migrate"])
{
    return; // the Kubernetes migration Job: migrate and exit
}

await app.RunAsync();
