using NgheAn.Access;
using NgheAn.Access.Units;
using NgheAn.Supervision.Consumers;
using NgheAn.Supervision.Data;
using NgheAn.Supervision.Deadlines;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.People;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

using Proto = NgheAn.Contracts.Supervision.V1;

namespace NgheAn.Supervision.Hosting;

public static class SupervisionExtensions
{
    public const string ServiceName = "supervision";

    /// <summary>Supervision's database, messaging, the audit trail it keeps and the deadline scanner.</summary>
    public static WebApplicationBuilder AddSupervision(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SupervisionDbContext>();
        builder.AddPlatformMessaging<SupervisionDbContext>(ServiceName, bus =>
        {
            bus.AddOrgUnitReplica<SupervisionDbContext>(ServiceName);
            bus.AddPeopleReplica<SupervisionDbContext>(ServiceName);
            bus.AddConsumer<AuditRecordedConsumer>();
            // Directives' tasks: recurring ones whose occurrences went unreported, for the compliance report.
            bus.AddConsumer<TaskAssignedConsumer>();
            bus.AddConsumer<TaskOverdueConsumer>();
            bus.AddConsumer<TaskProgressReportedConsumer>();
        });
        builder.Services.AddPlatformAccess<SupervisionDbContext, KnownPeopleUnits<SupervisionDbContext>>(
            Proto.SupervisionService.Descriptor, NgheAn.Contracts.Supervision.V1.AuditService.Descriptor);
        FileOffsetTimeProvider.AddPlatformClock(builder);
        builder.AddPeriodicScanner<DeadlineScanner>("Supervision:DeadlineCheck");
        return builder;
    }
}
