using NgheAn.Gateway.ApiDescription;
using NgheAn.Gateway.Callers;
using NgheAn.Gateway.Cors;
using NgheAn.Gateway.Errors;
using NgheAn.Gateway.Hosting;
using NgheAn.Gateway.Idempotency;
using NgheAn.Gateway.Proxy;
using NgheAn.Gateway.RateLimiting;
using NgheAn.Gateway.RequestChecks;
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
builder.AddGatewayRefusals(); // 401 and 403 as problem+json or a gRPC status
builder.AddRedis(); // rate-limit counters and idempotency records, shared by every replica
builder.AddCallerIdentification(); // client address behind trusted proxies
builder.AddPlatformCors();
builder.AddRateLimits();
builder.AddRequestLimits(); // the largest request body
builder.AddIdempotency();
builder.AddPlatformProxy(); // routes, problem+json errors
builder.AddPlatformReflection(); // development only

var app = builder.Build();

app.UseSecurityHeaders(); // nosniff, no Server header
app.UseCorrelationId();
app.UseCallerIdentification();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization(); // every proxied route needs an authenticated caller

app.MapPlatformHealthChecks();
app.MapApiDescription(); // /openapi/v1.json and /docs
app.MapPlatformReflection(); // development only
app.MapPlatformProxy(); // rate limits, request checks, idempotency keys, then the services
app.MapUnknownRoutes(); // 404 / UNIMPLEMENTED in shape

await app.RunAsync();
return 0;
