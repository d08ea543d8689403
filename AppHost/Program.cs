using NgheAn.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var servers = builder.AddLocalServers();

var directives = builder.AddPlatformService<Projects.NgheAn_Directives>("directives", servers)
    .WithSettings("Directives"); // e.g. the overdue check's interval
var emulation = builder.AddPlatformService<Projects.NgheAn_Emulation>("emulation", servers);
var supervision = builder.AddPlatformService<Projects.NgheAn_Supervision>("supervision", servers)
    .WithSettings("Supervision"); // e.g. the deadline check's interval

// CadreWork loads the demonstration organisation tree and publishes it: it starts once the others
// have bound their queues, so none of them misses a unit on a first start.
var cadreWork = builder.AddPlatformService<Projects.NgheAn_CadreWork>("cadrework", servers)
    .WithEnvironment("Seed__DemoOrgUnits", "true")
    .WithSettings("CadreWork") // e.g. the scheduled-reorganisation check's interval
    .WaitFor(directives).WaitFor(emulation).WaitFor(supervision);

builder.AddGateway(servers, directives, cadreWork, emulation, supervision);

builder.Build().Run();
