using NgheAn.Access;
using NgheAn.Access.Units;
using NgheAn.Emulation.Consumers;
using NgheAn.Emulation.Data;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.People;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Hosting;

public static class EmulationExtensions
{
    public const string ServiceName = "emulation";

    /// <summary>Emulation's database, the events it consumes and its clock.</summary>
    public static WebApplicationBuilder AddEmulation(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EmulationDbContext>();
        builder.AddPlatformMessaging<EmulationDbContext>(ServiceName, bus =>
        {
            bus.AddOrgUnitReplica<EmulationDbContext>(ServiceName);
            bus.AddConsumer<DocumentIssuedConsumer>(); // Directives' documents, for movements and models
            // CadreWork's people and ratings: whose unit, and the rating a title needs.
            bus.AddPeopleReplica<EmulationDbContext>(ServiceName);
            bus.AddConsumer<RatingDecidedConsumer>();
            bus.AddConsumer<UnitRatingDecidedConsumer>();
            // Supervision's cases: no award while one is open against the person.
            bus.AddConsumer<DisciplineImposedConsumer>();
            bus.AddConsumer<DisciplineChangedConsumer>();
            bus.AddConsumer<DisciplineExpiredConsumer>();
            bus.AddConsumer<InspectionOpenedConsumer>();
            bus.AddConsumer<InspectionConcludedConsumer>();
            bus.AddConsumer<PetitionReceivedConsumer>();
            bus.AddConsumer<PetitionResolvedConsumer>();
        });
        builder.Services.AddPlatformAccess<EmulationDbContext, KnownPeopleUnits<EmulationDbContext>>(Proto.EmulationService.Descriptor);
        FileOffsetTimeProvider.AddPlatformClock(builder);
        return builder;
    }
}
