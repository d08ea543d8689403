using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NgheAn.ServiceDefaults.Data;

/// <summary>
/// `NgheAn.&lt;Service&gt;.dll migrate`: the migration step on its own, what the Kubernetes Job
/// "&lt;service&gt;-migrate" runs with the database owner's credentials. It needs only the
/// database's connection string (no broker, no cache), applies pending migrations, grants the
/// runtime role its rights and exits (non-zero on failure).
/// </summary>
public static class MigrationCommand
{
    public const string Name = "migrate";

    /// <summary>Runs the migration step when the arguments ask for it; returns whether it ran (then the program ends).</summary>
    public static async Task<bool> RanAsync<TContext>(string[] args)
        where TContext : DbContext
    {
        if (args is not [Name])
        {
            return false;
        }

        await RunAsync<TContext>(args);
        return true;
    }

    private static async Task RunAsync<TContext>(string[] args)
        where TContext : DbContext
    {
        var builder = Host.CreateApplicationBuilder(args);
        var connectionString = DatabaseExtensions.ServiceConnectionString(builder.Configuration);
        builder.Services.AddDbContext<TContext>(options => options.UseServiceDatabase(connectionString));
        using var host = builder.Build();
        await host.Services.MigrateDatabaseAsync<TContext>();
    }

    /// <summary>The Job's name for a service's application name: NgheAn.Directives → directives-migrate.</summary>
    public static string JobName(string applicationName) =>
        $"{applicationName[(applicationName.LastIndexOf('.') + 1)..].ToLowerInvariant()}-{Name}";
}
