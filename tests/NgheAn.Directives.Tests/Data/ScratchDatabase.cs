using System.Security.Cryptography;
using Npgsql;

namespace NgheAn.Directives.Tests.Data;

/// <summary>
/// A database of its own on the test server (ConnectionStrings__postgres, started by scripts/test.sh)
/// with the two roles production has: the owner, who migrates, and the runtime role the service
/// runs as, made by the administrator as CloudNativePG does (no superuser, no CREATEDB/CREATEROLE).
/// CONNECT is revoked from PUBLIC, as the AppHost does locally: the runtime role gets in only
/// through the migration's grants. Dropped with both roles at the end.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _administrator;

    private ScratchDatabase(string administrator, string name)
    {
        _administrator = administrator;
        Name = name;
    }

    public string Name { get; }

    public string Owner => $"{Name}_owner";

    public string Runtime => $"{Name}_runtime";

    public string OwnerConnection => Connection(Owner);

    public string RuntimeConnection => Connection(Runtime);

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var administrator = Environment.GetEnvironmentVariable("ConnectionStrings__postgres") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("ConnectionStrings__postgres is not set. Run the tests with scripts/test.sh, which starts the servers and sets it.");
        var database = new ScratchDatabase(administrator, $"lp_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        foreach (var role in new[] { database.Owner, database.Runtime })
        {
            await database.AdministerAsync($"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{role}'");
        }

        await database.AdministerAsync($"CREATE DATABASE {database.Name} OWNER {database.Owner}");
        await database.AdministerAsync($"REVOKE ALL ON DATABASE {database.Name} FROM PUBLIC");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdministerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await AdministerAsync($"DROP ROLE IF EXISTS {Runtime}");
        await AdministerAsync($"DROP ROLE IF EXISTS {Owner}");
    }

    private string Connection(string role) =>
        new NpgsqlConnectionStringBuilder(_administrator) { Database = Name, Username = role, Password = role, Pooling = false }.ConnectionString;

    private async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_administrator) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
