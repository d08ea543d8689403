using NgheAn.Supervision.Consumers;
using NgheAn.Supervision.Data;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.Supervision.Hosting;

public static class SupervisionExtensions
{
    public const string ServiceName = "supervision";

    /// <summary>Supervision's database, messaging and the audit trail it keeps.</summary>
    public static WebApplicationBuilder AddSupervision(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SupervisionDbContext>();
        builder.AddPlatformMessaging<SupervisionDbContext>(ServiceName, bus => bus
            .AddOrgUnitReplica<SupervisionDbContext>(ServiceName)
            .AddConsumer<AuditRecordedConsumer>());
        builder.Services.AddUnitScope<SupervisionDbContext>();
        return builder;
    }
}
