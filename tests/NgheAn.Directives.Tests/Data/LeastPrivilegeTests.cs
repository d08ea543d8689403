using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NgheAn.Directives.Data;
using NgheAn.ServiceDefaults.Data;

namespace NgheAn.Directives.Tests.Data;

/// <summary>
/// Production's split against real PostgreSQL and Directives' real migrations: the migration step
/// runs as the owner and grants the runtime role; the runtime role reads and writes every table but
/// cannot change the schema; a service whose schema is behind is not ready and names the Job to run.
/// </summary>
public class LeastPrivilegeTests
{
    [Fact]
    public async Task The_migrate_command_grants_the_runtime_role_data_rights_on_every_table_and_sequence()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await MigrateAsync(database);

        await using var runtime = await OpenAsync(database.RuntimeConnection);
        var missing = await ListAsync(runtime, """
            SELECT c.relname || ': ' || p.privilege
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(CASE WHEN c.relkind = 'S' THEN ARRAY['USAGE'] ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] END) AS p(privilege)
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
              AND NOT (CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, p.privilege) ELSE has_table_privilege(c.oid, p.privilege) END)
            """);
        Assert.Empty(missing);
        Assert.True(await ScalarAsync<long>(runtime, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S'") > 0,
            "Directives' schema has identity sequences (the outbox): the check above covered them");

        // Writes as the service does: the outbox's identity column draws from its sequence.
        var sequence = await ScalarAsync<long>(runtime, """
            INSERT INTO outbox_messages (message_id, message_type, subject, payload, occurred_at, created_at, next_attempt_at, attempts)
            VALUES (gen_random_uuid(), 'Test', 'subject-1', '{}', now(), now(), now(), 0) RETURNING sequence
            """);
        Assert.Equal(1, await ExecuteAsync(runtime, $"UPDATE outbox_messages SET sent_at = now() WHERE sequence = {sequence}"));
        Assert.Equal(1, await ScalarAsync<long>(runtime, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL"));
        Assert.Equal(1, await ExecuteAsync(runtime, $"DELETE FROM outbox_messages WHERE sequence = {sequence}"));

        // The service's own view: nothing pending, read through EF as the runtime role.
        await using var db = Context(database.RuntimeConnection);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        _ = await db.DocumentTypes.CountAsync();
    }

    public static TheoryData<string> SchemaChanges => new()
    {
        "CREATE TABLE intruder (id int)",
        "ALTER TABLE outbox_messages ADD COLUMN intruder int",
        "DROP TABLE outbox_messages",
        "CREATE INDEX intruder ON outbox_messages (subject)",
        "TRUNCATE outbox_messages",
        "CREATE SCHEMA intruder",
        "DROP TABLE __ef_migrations_history",
        "COMMENT ON TABLE outbox_messages IS 'intruder'",
    };

    [Theory]
    [MemberData(nameof(SchemaChanges))]
    public async Task The_runtime_role_cannot_change_the_schema(string change)
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await MigrateAsync(database);

        await using var runtime = await OpenAsync(database.RuntimeConnection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(runtime, change));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Tables_a_later_migration_creates_are_the_runtime_roles_to_use_at_once()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await MigrateAsync(database);

        // A later release's migration, run as the owner (the grants of the next Job run not yet made).
        await using (var owner = await OpenAsync(database.OwnerConnection))
        {
            await ExecuteAsync(owner, "CREATE TABLE later_release (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)");
        }

        await using var runtime = await OpenAsync(database.RuntimeConnection);
        Assert.Equal(1, await ExecuteAsync(runtime, "INSERT INTO later_release (note) VALUES ('default privileges')"));
        Assert.Equal(1, await ExecuteAsync(runtime, "DELETE FROM later_release"));
    }

    [Fact]
    public async Task The_migrate_command_refuses_a_runtime_role_that_could_change_the_schema()
    {
        await using var database = await ScratchDatabase.CreateAsync();

        var same = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(database, runtimeRole: database.Owner));
        Assert.Contains("could change the schema", same.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(database, runtimeRole: "nobody_" + database.Name));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_service_whose_schema_is_behind_is_not_ready_and_names_the_job_until_it_has_run()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        // The running release's schema: everything up to the outbox's commit order.
        await using (var owner = Context(database.OwnerConnection))
        {
            await owner.Database.MigrateAsync("20261127172501_OutboxCommitOrder");
            await RuntimeRole.GrantAsync(owner, database.Runtime, CancellationToken.None);
        }

        // The new release starts as the runtime role, in Production.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Production,
            ApplicationName = "NgheAn.Directives",
        });
        builder.Configuration["ConnectionStrings:database"] = database.RuntimeConnection;
        builder.AddServiceDatabase<DirectivesDbContext>();
        using var service = builder.Build();
        var health = service.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, before.Entries["database"].Status);
        var schema = before.Entries["database-schema"];
        Assert.Equal(HealthStatus.Unhealthy, schema.Status);
        Assert.Contains("Run the Job directives-migrate", schema.Description, StringComparison.Ordinal);
        Assert.Contains("20261204183621_ReferenceData", schema.Description, StringComparison.Ordinal);

        await MigrateAsync(database); // the Job

        var after = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }

    [Fact]
    public async Task The_migrate_command_runs_with_the_database_alone_and_grants_the_runtime_role()
    {
        await using var database = await ScratchDatabase.CreateAsync();

        // What the Job's container runs, with only what the Job is given: no broker, no cache.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NgheAn.Directives.dll"));
        start.ArgumentList.Add(MigrationCommand.Name);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = Environments.Production;
        start.Environment["ConnectionStrings__database"] = database.OwnerConnection;
        start.Environment["Database__RuntimeRole"] = database.Runtime;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"migrate exited with {process.ExitCode}: {await output}{await error}");
        Assert.Contains($"Granted role {database.Runtime}", await output, StringComparison.Ordinal);

        await using var db = Context(database.RuntimeConnection);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await using var runtime = await OpenAsync(database.RuntimeConnection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(runtime, "CREATE TABLE intruder (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Instances_migrating_an_empty_database_at_once_all_succeed_and_apply_each_migration_once()
    {
        // Replicas starting together (or the Job beside a local service) once collided: "column already exists".
        await using var database = await ScratchDatabase.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => MigrateAsync(database))));

        await using var db = Context(database.OwnerConnection);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
    }

    /// <summary>What `NgheAn.Directives.dll migrate` does in the Job: migrate as the owner, then grant.</summary>
    private static async Task MigrateAsync(ScratchDatabase database, string? runtimeRole = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [RuntimeRole.Setting] = runtimeRole ?? database.Runtime });
        builder.Services.AddDbContext<DirectivesDbContext>(options => options.UseServiceDatabase(database.OwnerConnection));
        using var host = builder.Build();
        await host.Services.MigrateDatabaseAsync<DirectivesDbContext>();
    }

    private static DirectivesDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<DirectivesDbContext>();
        options.UseServiceDatabase(connectionString);
        return new DirectivesDbContext(options.Options);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
