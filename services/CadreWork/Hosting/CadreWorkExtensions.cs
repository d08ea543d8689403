using NgheAn.CadreWork.Data;
using NgheAn.Messaging;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.CadreWork.Hosting;

public static class CadreWorkExtensions
{
    public const string ServiceName = "cadrework";

    /// <summary>CadreWork's database and messaging.</summary>
    public static WebApplicationBuilder AddCadreWork(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CadreWorkDbContext>();
        builder.AddPlatformMessaging<CadreWorkDbContext>(ServiceName);
        return builder;
    }
}
