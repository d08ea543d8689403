using NgheAn.Gateway.ApiDescription;
using NgheAn.Gateway.Callers;
using NgheAn.Gateway.Cors;
using NgheAn.Gateway.Idempotency;
using NgheAn.Gateway.Proxy;
using NgheAn.Gateway.RateLimiting;
using NgheAn.Gateway.Reflection;
using NgheAn.ServiceDefaults;
using NgheAn.ServiceDefaults.Caching;
using NgheAn.ServiceDefaults.Correlation;
using NgheAn.ServiceDefaults.Health;
using NgheAn.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.UseGrpcAndHttpPorts();
builder.AddServiceDefaults();
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
// Authentication and authorisation go here: CallerId reads the authenticated user.

app.MapPlatformHealthChecks();
app.MapApiDescription(); // /openapi/v1.json and /docs
app.MapPlatformReflection(); // development only
app.MapPlatformProxy(); // rate limits, idempotency keys, then the services

await app.RunAsync();
