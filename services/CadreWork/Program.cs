using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Hosting;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
builder.AddGrpcApi();
builder.AddCadreWork();

var app = builder.Build();

app.MapPlatformHealthChecks();
app.MapGrpcReflectionInDevelopment();

await app.MigrateDatabaseAsync<CadreWorkDbContext>();
if (args is ["migrate"])
{
    return; // the Kubernetes migration Job: migrate and exit
}

await app.RunAsync();
