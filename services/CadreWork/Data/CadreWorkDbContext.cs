using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.CadreWork.Data;

public sealed class CadreWorkDbContext(DbContextOptions<CadreWorkDbContext> options) : DbContext(options)
{
    /// <summary>The authoritative organisation tree; the other services keep copies of it.</summary>
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits();
    }
}
