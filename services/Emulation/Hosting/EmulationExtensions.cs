using NgheAn.Emulation.Consumers;
using NgheAn.Emulation.Data;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.Emulation.Hosting;

public static class EmulationExtensions
{
    public const string ServiceName = "emulation";

    /// <summary>Emulation's database and the events it consumes.</summary>
    public static WebApplicationBuilder AddEmulation(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EmulationDbContext>();
        builder.AddPlatformMessaging<EmulationDbContext>(ServiceName, bus => bus
            .AddOrgUnitReplica<EmulationDbContext>(ServiceName)
            .AddConsumer<DocumentIssuedConsumer>());
        builder.Services.AddUnitScope<EmulationDbContext>();
        return builder;
    }
}
