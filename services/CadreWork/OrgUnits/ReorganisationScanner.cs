using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.ServiceDefaults.Hosting;

namespace NgheAn.CadreWork.OrgUnits;

/// <summary>
/// Carries out merges, splits and renames whose effective date has come (Vietnam time), oldest date first,
/// so a later decision about a successor finds the earlier one applied. Each is applied under an
/// advisory lock and marked applied in the same transaction, so restarts and replicas apply it once.
/// Runs every CadreWork:ReorganisationCheck:Interval.
/// </summary>
public sealed class ReorganisationScanner(
    IServiceScopeFactory scopes, TimeProvider clock, ScanInterval interval, ILogger<ReorganisationScanner> logger)
    : PeriodicScanner(clock, interval, logger)
{
    /// <summary>One pass; returns how many reorganisations it applied.</summary>
    public override async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        using (var scope = scopes.CreateScope())
        {
            var today = Clock.Today();
            due = await scope.ServiceProvider.GetRequiredService<CadreWorkDbContext>().Reorganisations.AsNoTracking()
                .Where(r => r.AppliedAt == null && r.EffectiveDate <= today)
                .OrderBy(r => r.EffectiveDate).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var applied = 0;
        foreach (var id in due)
        {
            applied += await IsolatedAsync("reorganisation", id, async () =>
            {
                // A scope each: a fresh change tracker per reorganisation.
                using var scope = scopes.CreateScope();
                if (!await scope.ServiceProvider.GetRequiredService<OrgUnitReorganiser>().ApplyScheduledAsync(id, cancellationToken))
                {
                    return 0;
                }

                logger.LogInformation("Applied scheduled reorganisation {ReorganisationId}.", id);
                return 1;
            }, cancellationToken);
        }

        return applied;
    }
}
