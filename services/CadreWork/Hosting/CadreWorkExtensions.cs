using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.OrgUnits;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.CadreWork.Hosting;

public static class CadreWorkExtensions
{
    public const string ServiceName = "cadrework";

    /// <summary>CadreWork's database, messaging and the organisation tree it owns.</summary>
    public static WebApplicationBuilder AddCadreWork(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CadreWorkDbContext>();
        builder.AddPlatformMessaging<CadreWorkDbContext>(ServiceName);
        builder.Services.AddUnitScope<CadreWorkDbContext>();
        builder.Services.AddScoped<OrgUnitRegistry>();
        builder.Services.AddSingleton(TimeProvider.System);
        if (builder.Configuration.GetValue<bool>("Seed:DemoOrgUnits"))
        {
            builder.Services.AddHostedService<DemoTreeSeeder>();
        }

        return builder;
    }
}
