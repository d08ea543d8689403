using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;

namespace NgheAn.CadreWork.Data;

public sealed class CadreWorkDbContext(DbContextOptions<CadreWorkDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
    }
}
