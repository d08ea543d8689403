using System.Security.Cryptography;
using Npgsql;

namespace NgheAn.AppHost;

/// <summary>
/// Each service's own PostgreSQL role and database, made with the administrator's connection
/// (ConnectionStrings:postgres) before any service starts, as an operator (CloudNativePG) does in
/// production. The role logs in and nothing more (no superuser, cannot create databases or roles)
/// and owns its database, which no other role may connect to (CONNECT revoked from PUBLIC); the
/// service applies its own migrations as that owner. Role and database share a name. A fresh
/// password on every start: the service learns it from its connection string only.
/// </summary>
public sealed class ServiceDatabases(string administrator)
{
    private readonly List<(string Name, string Password)> _databases = [];

    /// <summary>Adds a database and returns the connection string of its own role.</summary>
    public string Add(string name)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _databases.Add((name, password));
        return new NpgsqlConnectionStringBuilder(administrator) { Username = name, Password = password, Database = name }.ConnectionString;
    }

    /// <summary>Creates or updates every role and database (idempotent: a second start reuses the data).</summary>
    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(administrator) { Database = "postgres" }.ConnectionString);
        await server.OpenAsync(cancellationToken);
        // AppHosts starting together on one server (test runs) take turns.
        await ExecuteAsync(server, "SELECT pg_advisory_lock(hashtext('nghean-service-databases'))", cancellationToken);
        foreach (var (name, password) in _databases)
        {
            var role = Identifier(name);
            if (!await ExistsAsync(server, "SELECT 1 FROM pg_roles WHERE rolname = @name", name, cancellationToken))
            {
                await ExecuteAsync(server, $"CREATE ROLE {role}", cancellationToken);
            }

            await ExecuteAsync(server,
                $"ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}'", cancellationToken);
            if (!await ExistsAsync(server, "SELECT 1 FROM pg_database WHERE datname = @name", name, cancellationToken))
            {
                await ExecuteAsync(server, $"CREATE DATABASE {role} OWNER {role}", cancellationToken);
            }

            await ExecuteAsync(server, $"ALTER DATABASE {role} OWNER TO {role}; REVOKE ALL ON DATABASE {role} FROM PUBLIC", cancellationToken);
            await HandOverTablesAsync(name, cancellationToken);
        }
    }

    /// <summary>
    /// A database made before services had roles of their own holds tables of the administrator:
    /// give them to the service (sequences of identity columns follow their table).
    /// </summary>
    private async Task HandOverTablesAsync(string name, CancellationToken cancellationToken)
    {
        await using var database = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(administrator) { Database = name }.ConnectionString);
        await database.OpenAsync(cancellationToken);
        await ExecuteAsync(database, $"""
            DO $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT c.oid::regclass AS relation FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND c.relowner <> {Literal(name)}::regrole
                         AND (c.relkind IN ('r', 'p', 'v', 'm', 'f') OR (c.relkind = 'S' AND NOT EXISTS (
                              SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))))
              LOOP
                EXECUTE format('ALTER TABLE %s OWNER TO %I', r.relation, {Literal(name)});
              END LOOP;
            END $$
            """, cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // DDL takes no parameters: names are quoted (the password is hex, the name ours).
    private static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
