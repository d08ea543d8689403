using NgheAn.Emulation.Api;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Hosting;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
builder.AddGrpcApi();
builder.AddEmulation();

var app = builder.Build();

app.MapPlatformHealthChecks();
app.MapGrpcService<EmulationApi>();
app.MapGrpcReflectionInDevelopment();

await app.MigrateDatabaseAsync<EmulationDbContext>();
if (args is ["migrate"])
{
    return; // the Kubernetes migration Job: migrate and exit
}

await app.RunAsync();
