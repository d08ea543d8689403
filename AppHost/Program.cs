using NgheAn.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var servers = builder.AddLocalServers();

var directives = builder.AddPlatformService<Projects.NgheAn_Directives>("directives", servers);
var cadreWork = builder.AddPlatformService<Projects.NgheAn_CadreWork>("cadrework", servers);
var emulation = builder.AddPlatformService<Projects.NgheAn_Emulation>("emulation", servers);
var supervision = builder.AddPlatformService<Projects.NgheAn_Supervision>("supervision", servers);

builder.AddGateway(servers, directives, cadreWork, emulation, supervision);

builder.Build().Run();
