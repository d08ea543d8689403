using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.Supervision.Data;

public sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits(); // copy of CadreWork's tree, for access checks
        model.Entity<AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.Property(e => e.Service).HasMaxLength(50);
            entry.Property(e => e.EntityType).HasMaxLength(100);
            entry.Property(e => e.EntityId).HasMaxLength(200);
            entry.Property(e => e.Action).HasMaxLength(20);
            entry.Property(e => e.Person).HasMaxLength(200);
            entry.Property(e => e.Changes).HasColumnType("jsonb");
            entry.HasIndex(e => new { e.ChangedAt, e.Id });
            entry.HasIndex(e => new { e.Person, e.ChangedAt });
            entry.HasIndex(e => new { e.Service, e.EntityType, e.EntityId });
        });
    }
}
