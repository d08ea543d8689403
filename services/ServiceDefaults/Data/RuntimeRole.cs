using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace NgheAn.ServiceDefaults.Data;

/// <summary>
/// The role a service runs as in production: it reads and writes rows but cannot change the schema.
/// The migration step (run as the database owner) grants it data rights on every table and
/// sequence, and default privileges so that tables a later migration creates are covered too.
/// </summary>
public static class RuntimeRole
{
    /// <summary>The setting that names the runtime role (Database__RuntimeRole); unset: no grants (local development).</summary>
    public const string Setting = "Database:RuntimeRole";

    /// <summary>
    /// Grants <paramref name="role"/> SELECT/INSERT/UPDATE/DELETE on all tables and USAGE/SELECT on all
    /// sequences of schema public, now and for what the owner creates later, and CONNECT on the
    /// database. Fails if the role is missing, is the owner (or a member of it), or could create objects.
    /// Idempotent: every migration run repeats it.
    /// </summary>
    public static async Task GrantAsync(DbContext db, string role, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var mustClose = connection.State != System.Data.ConnectionState.Open;
        if (mustClose)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await CheckAsync(connection, role, cancellationToken);
            var r = Identifier(role);
            await ExecuteAsync(connection, $"""
                GRANT CONNECT ON DATABASE {Identifier(connection.Database)} TO {r};
                GRANT USAGE ON SCHEMA public TO {r};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r};
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r};
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {r};
                """, cancellationToken);

            // PostgreSQL 15+ no longer lets everyone create in schema public; older servers (or a
            // database created from an old template) still do: take it back where we own the schema.
            await ExecuteAsync(connection, """
                DO $$ BEGIN
                  IF pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
                    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                  END IF;
                END $$
                """, cancellationToken);
            if (await ScalarAsync<bool>(connection, "SELECT has_schema_privilege(@role, 'public', 'CREATE') OR has_database_privilege(@role, current_database(), 'CREATE')", role, cancellationToken))
            {
                throw new InvalidOperationException(
                    $"The runtime role '{role}' may still create objects in this database (CREATE on schema public or on the database, granted to it or to PUBLIC). " +
                    "As the schema's or database's owner: REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE CREATE ON DATABASE <db> FROM PUBLIC, " + role + ".");
            }
        }
        finally
        {
            if (mustClose)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task CheckAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = @role)", role, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The runtime role '{role}' ({Setting}) does not exist. Create it first (CloudNativePG: spec.managed.roles of the Cluster; managed PostgreSQL: CREATE ROLE ... LOGIN).");
        }

        if (await ScalarAsync<bool>(connection, "SELECT pg_has_role(@role, current_user, 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = @role)", role, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The runtime role '{role}' ({Setting}) is the migrating role, a member of it or a superuser: it could change the schema. Give the services a role of their own.");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("role", role);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // GRANT takes no parameters: the name is quoted as an identifier.
    private static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
