using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NgheAn.ServiceDefaults.Health;

namespace NgheAn.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Holds a PostgreSQL advisory lock on <paramref name="key"/> until the current transaction ends,
    /// so a count-then-insert rule (a quota, a limit) holds under concurrent calls.
    /// </summary>
    public static Task LockUntilCommitAsync(this DatabaseFacade database, string key, CancellationToken cancellationToken) =>
        database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", cancellationToken);

    /// <summary>The connection string every service reads for its own database.</summary>
    public const string ConnectionName = "database";

    /// <summary>
    /// Registers the service's own PostgreSQL database (snake_case names, retries on transient
    /// failures) and readiness checks on it: it answers, and its schema has no pending migration.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        var connectionString = ServiceConnectionString(builder.Configuration);
        builder.Services.AddDbContext<TContext>(options => options.UseServiceDatabase(connectionString));
        builder.Services.AddSingleton<SchemaState<TContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<TContext>>("database", tags: [HealthExtensions.Ready])
            .AddCheck<SchemaHealthCheck<TContext>>("database-schema", tags: [HealthExtensions.Ready]);
        return builder;
    }

    /// <summary>How every service and its migration step talk to PostgreSQL: one place, so both agree on the history table and names.</summary>
    public static DbContextOptionsBuilder UseServiceDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    internal static string ServiceConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName)
        ?? throw new InvalidOperationException(
            $"Connection string '{ConnectionName}' is missing: set ConnectionStrings__{ConnectionName}.");

    /// <summary>
    /// Applies pending EF Core migrations as the connection's role (the database owner), then grants
    /// the runtime role (<see cref="RuntimeRole.Setting"/>, when set) its data rights. Runs holding a
    /// session advisory lock: EF's own lock does not stop two instances starting together (replicas,
    /// or the Job and a local service) from applying the same migration twice ("column already
    /// exists"); with the lock the second waits, then finds nothing to do.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("NgheAn.Migrations");
        await db.Database.OpenConnectionAsync(cancellationToken); // one session: the lock's and the migrations'
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockClass}, 0)", cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            logger.LogInformation("Applying {Count} migration(s) to {Context}: {Migrations}", pending.Count, typeof(TContext).Name, pending);
            await db.Database.MigrateAsync(cancellationToken);

            if (scope.ServiceProvider.GetRequiredService<IConfiguration>()[RuntimeRole.Setting] is { Length: > 0 } role)
            {
                await RuntimeRole.GrantAsync(db, role, cancellationToken);
                logger.LogInformation("Granted role {Role} read and write on every table and sequence of {Context}", role, typeof(TContext).Name);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync(); // ends the session, and with it the lock
        }
    }

    // The advisory lock of migrations, in the two-key space like the outbox's locks (per database).
    private const int MigrationLockClass = 0x4E47_4D47; // "NGMG"
}

internal sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", ex);
        }
    }
}

public static class UniqueViolations
{
    /// <summary>
    /// Saves, turning a unique-key violation (a concurrent identical create that won the race)
    /// into the caller's ALREADY_EXISTS error. Optionally only for one named index.
    /// </summary>
    public static async Task SaveChangesOrAsync(this DbContext db, Func<Exception> whenDuplicate, CancellationToken cancellationToken, string? index = null)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } pg
            && (index is null || pg.ConstraintName == index))
        {
            throw whenDuplicate();
        }
    }
}
