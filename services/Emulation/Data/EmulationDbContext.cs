using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.Emulation.Data;

public sealed class EmulationDbContext(DbContextOptions<EmulationDbContext> options) : DbContext(options)
{
    public DbSet<KnownDocument> KnownDocuments => Set<KnownDocument>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits(); // copy of CadreWork's tree, for access checks
        model.Entity<KnownDocument>(document =>
        {
            document.HasKey(d => d.Id);
            document.Property(d => d.Id).ValueGeneratedNever();
            document.Property(d => d.Symbol).HasMaxLength(100);
            document.Property(d => d.Title).HasMaxLength(2000);
            document.Property(d => d.UnitId).HasMaxLength(100);
        });
    }
}
