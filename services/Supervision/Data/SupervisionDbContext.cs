using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.Supervision.Data;

public sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits(); // copy of CadreWork's tree, for access checks
    }
}
