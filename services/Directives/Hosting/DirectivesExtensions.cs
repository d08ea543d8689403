using NgheAn.Directives.Data;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Caching;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.Directives.Hosting;

public static class DirectivesExtensions
{
    public const string ServiceName = "directives";

    /// <summary>Directives' database, messaging and read cache.</summary>
    public static WebApplicationBuilder AddDirectives(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<DirectivesDbContext>();
        builder.AddPlatformMessaging<DirectivesDbContext>(ServiceName, bus => bus.AddOrgUnitReplica<DirectivesDbContext>(ServiceName));
        builder.Services.AddUnitScope<DirectivesDbContext>();
        builder.AddRedis();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
