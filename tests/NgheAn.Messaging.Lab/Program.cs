using Microsoft.Extensions.Hosting;
using NgheAn.Messaging.Lab;

// Runs the lab service until it is stopped (or killed): `NgheAn.Messaging.Lab <service> relay|consume|both`,
// with ConnectionStrings__database and ConnectionStrings__rabbitmq in the environment.
if (args.Length != 2 || !Enum.TryParse<LabRoles>(args[1], ignoreCase: true, out var roles))
{
    Console.Error.WriteLine("usage: NgheAn.Messaging.Lab <service> relay|consume|both");
    return 2;
}

var database = Environment.GetEnvironmentVariable("ConnectionStrings__database") ?? throw new InvalidOperationException("ConnectionStrings__database is not set.");
var rabbitmq = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings__rabbitmq is not set.");
using var host = LabHost.Build(args[0], database, rabbitmq, roles);
await host.StartAsync();
await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
Console.WriteLine("ready");
await host.WaitForShutdownAsync();
return 0;
