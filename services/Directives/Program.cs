using NgheAn.Directives.Api;
using NgheAn.Directives.Data;
using NgheAn.Directives.Hosting;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
builder.AddGrpcApi();
builder.AddDirectives();

var app = builder.Build();

app.MapPlatformHealthChecks();
app.MapGrpcService<DirectivesApi>();
app.MapGrpcReflectionInDevelopment();

await app.MigrateDatabaseAsync<DirectivesDbContext>();
if (args is ["migrate"])
{
    return; // the Kubernetes migration Job: migrate and exit
}

await app.RunAsync();
