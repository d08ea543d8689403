using NgheAn.Access;
using NgheAn.CadreWork.Consumers;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.People;
using NgheAn.CadreWork.OrgUnits;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Hosting;

using Proto = NgheAn.Contracts.CadreWork.V1;

namespace NgheAn.CadreWork.Hosting;

public static class CadreWorkExtensions
{
    public const string ServiceName = "cadrework";

    /// <summary>CadreWork's database, messaging (the person's file from Supervision and Emulation), the organisation tree (with the scanner that carries out scheduled merges and splits) and people.</summary>
    public static WebApplicationBuilder AddCadreWork(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CadreWorkDbContext>();
        builder.AddPlatformMessaging<CadreWorkDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<DisciplineImposedConsumer>();
            bus.AddConsumer<DisciplineChangedConsumer>();
            bus.AddConsumer<CommendationGrantedConsumer>();
            bus.AddConsumer<AwardRevokedConsumer>();
        });
        builder.Services.AddPlatformAccess<CadreWorkDbContext, CadreWorkPeopleUnits>(Proto.OrgUnitsService.Descriptor, Proto.CadresService.Descriptor);
        builder.Services.AddScoped<OrgUnitRegistry>();
        builder.Services.AddScoped<OrgUnitReorganiser>();
        builder.Services.AddScoped<PersonRecords>();
        builder.Services.AddSingleton(VietnamWorkingDays.Default);
        FileOffsetTimeProvider.AddPlatformClock(builder);
        builder.AddPeriodicScanner<ReorganisationScanner>("CadreWork:ReorganisationCheck");
        if (builder.Configuration.GetValue<bool>("Seed:DemoOrgUnits"))
        {
            builder.Services.AddHostedService<DemoTreeSeeder>();
        }

        return builder;
    }
}
