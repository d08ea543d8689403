using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NgheAn.ServiceDefaults.Data;

/// <summary>
/// Readiness: the database schema has every migration this version of the service needs. In
/// production the service runs as a role that cannot migrate; the migration Job
/// (<see cref="MigrationCommand"/>) does it, and until it has, this pod stays not ready (the old
/// pods keep serving) and says which Job to run. Once up to date it stays so: the check stops asking.
/// </summary>
internal sealed class SchemaHealthCheck<TContext>(TContext db, SchemaState<TContext> state) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.UpToDate)
        {
            return HealthCheckResult.Healthy();
        }

        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return state.Observe(pending) is { } waiting
                ? new HealthCheckResult(context.Registration.FailureStatus, waiting)
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The migration history cannot be read.", ex);
        }
    }
}

/// <summary>What the schema check has seen, kept for the life of the process (logged once per change).</summary>
internal sealed class SchemaState<TContext>(IHostEnvironment environment, ILogger<SchemaState<TContext>> logger)
    where TContext : DbContext
{
    private int _lastPending = -1;

    public bool UpToDate { get; private set; }

    /// <summary>The Kubernetes Job that migrates this service: "&lt;service&gt;-migrate" (NgheAn.Directives → directives-migrate).</summary>
    public string MigrationJob { get; } = MigrationCommand.JobName(environment.ApplicationName);

    /// <summary>Records the pending migrations; returns why the pod is not ready, or null when none is pending.</summary>
    public string? Observe(IReadOnlyList<string> pending)
    {
        if (pending.Count == 0)
        {
            UpToDate = true;
            if (_lastPending > 0)
            {
                logger.LogInformation("The database schema of {Context} is up to date: ready", typeof(TContext).Name);
            }

            return null;
        }

        var message = $"{pending.Count} migration(s) pending ({string.Join(", ", pending)}): this service does not migrate in production. " +
            $"Run the Job {MigrationJob} (k8s/README.md, Run migrations); the pod stays not ready until it has.";
        if (Interlocked.Exchange(ref _lastPending, pending.Count) != pending.Count)
        {
            logger.LogWarning("{Message}", message);
        }

        return message;
    }
}
