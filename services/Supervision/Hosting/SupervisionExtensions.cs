using NgheAn.Supervision.Data;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.Supervision.Hosting;

public static class SupervisionExtensions
{
    public const string ServiceName = "supervision";

    /// <summary>Supervision's database and messaging.</summary>
    public static WebApplicationBuilder AddSupervision(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SupervisionDbContext>();
        builder.AddPlatformMessaging<SupervisionDbContext>(ServiceName, bus => bus.AddOrgUnitReplica<SupervisionDbContext>(ServiceName));
        builder.Services.AddUnitScope<SupervisionDbContext>();
        return builder;
    }
}
