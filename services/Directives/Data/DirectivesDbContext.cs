using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.Directives.Data;

public sealed class DirectivesDbContext(DbContextOptions<DirectivesDbContext> options) : DbContext(options)
{
    public const string DocumentNumberIndex = "ix_documents_issuer_type_term_number";

    public DbSet<Document> Documents => Set<Document>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits(); // copy of CadreWork's tree, for access checks
        model.Entity<Document>(document =>
        {
            document.HasKey(d => d.Id);
            document.Property(d => d.Id).ValueGeneratedNever();
            document.Property(d => d.Symbol).HasMaxLength(100);
            document.Property(d => d.TypeCode).HasMaxLength(20);
            document.Property(d => d.IssuerKey).HasMaxLength(80);
            document.Property(d => d.Term).HasMaxLength(20);
            document.Property(d => d.Title).HasMaxLength(1000);
            document.Property(d => d.SearchText).HasMaxLength(1200);
            document.Property(d => d.UnitId).HasMaxLength(100);
            document.HasIndex(d => d.UnitId);
            // Numbers restart per issuer and type each term (Hướng dẫn 36-HD/VPTW).
            document.HasIndex(d => new { d.IssuerKey, d.TypeCode, d.Term, d.Number }).IsUnique().HasDatabaseName(DocumentNumberIndex);
            // Newest first is the list order.
            document.HasIndex(d => new { d.IssueDate, d.Id });
        });
    }
}
