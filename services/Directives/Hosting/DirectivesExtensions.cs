using NgheAn.Access;
using NgheAn.Access.Units;
using NgheAn.Directives.Consumers;
using NgheAn.Directives.Data;
using NgheAn.Directives.Overdue;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Caching;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Hosting;

public static class DirectivesExtensions
{
    public const string ServiceName = "directives";

    /// <summary>Directives' database, messaging, access model and read cache.</summary>
    public static WebApplicationBuilder AddDirectives(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<DirectivesDbContext>();
        builder.AddPlatformMessaging<DirectivesDbContext>(ServiceName, bus =>
        {
            bus.AddOrgUnitReplica<DirectivesDbContext>(ServiceName);
            bus.AddConsumer<ModelCommendedConsumer>(); // Emulation's models, counted in reviews
            bus.AddConsumer<PetitionResolvedConsumer>(); // Supervision's petitions, counted in reviews
            bus.AddConsumer<PetitionOverdueConsumer>();
        });
        builder.Services.AddPlatformAccess<DirectivesDbContext, NoPeople<DirectivesDbContext>>(
            Proto.DirectivesService.Descriptor, Proto.DocumentReferenceService.Descriptor);
        builder.AddRedis();
        FileOffsetTimeProvider.AddPlatformClock(builder);
        builder.AddPeriodicScanner<TaskOverdueScanner>("Directives:OverdueCheck");
        return builder;
    }
}
