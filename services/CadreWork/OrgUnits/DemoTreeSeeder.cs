using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;

namespace NgheAn.CadreWork.OrgUnits;

/// <summary>
/// Loads the demonstration tree through the same path as the API (so the other services hear of
/// every unit) when Seed:DemoOrgUnits is true. Units that exist already are left alone.
/// </summary>
public sealed class DemoTreeSeeder(IServiceScopeFactory scopes, ILogger<DemoTreeSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CadreWorkDbContext>();
        var registry = scope.ServiceProvider.GetRequiredService<OrgUnitRegistry>();
        var existing = await db.OrgUnits.Select(u => u.Id).ToHashSetAsync(cancellationToken);
        var added = 0;
        foreach (var unit in DemoOrgUnits.Units.Where(u => !existing.Contains(u.Id)))
        {
            await registry.CreateAsync(unit, cancellationToken);
            db.ChangeTracker.Clear();
            added++;
        }

        if (added > 0)
        {
            logger.LogInformation("Loaded {Count} demonstration organisation units", added);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
