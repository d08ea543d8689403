using NgheAn.Gateway.ApiDescription;
using NgheAn.Gateway.Callers;
using NgheAn.Gateway.Cors;
using NgheAn.Gateway.Hosting;
using NgheAn.Gateway.Idempotency;
using NgheAn.Gateway.Proxy;
using NgheAn.Gateway.RateLimiting;
using NgheAn.Gateway.Reflection;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Caching;
using NgheAn.ServiceDefaults.Correlation;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Security;

if (args is [DevTokenCommand.Name, .. var options])
{
    return DevTokenCommand.Run(options, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
builder.AddPlatformAuthentication(); // the services check the token again
builder.AddRedis(); // rate-limit counters and idempotency records, shared by every replica
builder.AddCallerIdentification(); // client address behind trusted proxies
builder.AddPlatformCors();
builder.AddRateLimits();
builder.AddIdempotency();
builder.AddPlatformProxy(); // routes, problem+json errors
builder.AddPlatformReflection(); // development only

var app = builder.Build();

app.UseCorrelationId();
app.UseCallerIdentification();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization(); // every proxied route needs an authenticated caller

app.MapPlatformHealthChecks();
app.MapApiDescription(); // /openapi/v1.json and /docs
app.MapPlatformReflection(); // development only
app.MapPlatformProxy(); // rate limits, idempotency keys, then the services

await app.RunAsync();
return 0;
