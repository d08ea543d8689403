using NgheAn.Gateway.Hosting;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
builder.AddPlatformProxy();

var app = builder.Build();

app.MapPlatformHealthChecks();
app.MapReverseProxy();

await app.RunAsync();
