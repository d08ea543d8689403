using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.Outbox;

namespace NgheAn.Messaging.Lab;

/// <summary>A command the lab service accepted; its event is written in the same transaction.</summary>
public sealed class LabCommand
{
    public long Id { get; set; }

    public required string Subject { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }
}

/// <summary>One application of an event by the consumer. Not unique per message on purpose: a second application shows as a second row.</summary>
public sealed class LabEffect
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public required string Subject { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset AppliedAt { get; set; }
}

public sealed class LabDbContext(DbContextOptions<LabDbContext> options) : DbContext(options)
{
    public DbSet<LabCommand> Commands => Set<LabCommand>();

    public DbSet<LabEffect> Effects => Set<LabEffect>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.Entity<LabCommand>().ToTable("lab_commands");
        model.Entity<LabEffect>(effect =>
        {
            effect.ToTable("lab_effects");
            effect.HasIndex(e => e.MessageId);
        });
    }

    /// <summary>Creates the schema (tables, outbox trigger) when the database is new. Call once before starting hosts.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (await Database.EnsureCreatedAsync(cancellationToken))
        {
            await Database.ExecuteSqlRawAsync(OutboxSchema.CommitOrderSql, cancellationToken);
        }
    }
}
