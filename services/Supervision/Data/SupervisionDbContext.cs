using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;

namespace NgheAn.Supervision.Data;

public sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
    }
}
