using NgheAn.Gateway.Hosting;
using NgheAn.ServiceDefaults;
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
builder.AddPlatformProxy();

var app = builder.Build();

app.MapPlatformHealthChecks();
app.MapReverseProxy(); // every route needs an authenticated caller

await app.RunAsync();
return 0;
