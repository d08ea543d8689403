using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.Directives.Data;

public sealed class DirectivesDbContext(DbContextOptions<DirectivesDbContext> options) : DbContext(options)
{
    public const string DocumentNumberIndex = "ix_documents_unit_issuer_type_term_number";

    public const string LinkIndex = "ix_document_links_from_id_to_id_kind";

    public const string PartyTermStartIndex = "ix_party_terms_level_starts";

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<DocumentLinkRow> DocumentLinks => Set<DocumentLinkRow>();

    public DbSet<DirectiveTask> Tasks => Set<DirectiveTask>();

    public DbSet<ProgressReportRow> ProgressReports => Set<ProgressReportRow>();

    public DbSet<TaskOverdueNotice> TaskOverdueNotices => Set<TaskOverdueNotice>();

    public DbSet<CommendedModel> CommendedModels => Set<CommendedModel>();

    public DbSet<PetitionRecord> Petitions => Set<PetitionRecord>();

    public DbSet<ReviewRow> Reviews => Set<ReviewRow>();

    public DbSet<DocumentTypeRow> DocumentTypes => Set<DocumentTypeRow>();

    public DbSet<IssuerRow> Issuers => Set<IssuerRow>();

    public DbSet<PartyTermRow> PartyTerms => Set<PartyTermRow>();

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
            // Numbers restart per issuer and type each term (Hướng dẫn 36-HD/VPTW), and each unit's
            // committee numbers its own: a unit never learns another's numbers from a conflict.
            document.HasIndex(d => new { d.UnitId, d.IssuerKey, d.TypeCode, d.Term, d.Number }).IsUnique().HasDatabaseName(DocumentNumberIndex);
            // Newest first is the list order.
            document.HasIndex(d => new { d.IssueDate, d.Id });
        });
        model.Entity<DocumentTypeRow>(type =>
        {
            type.ToTable("document_types");
            type.HasKey(t => t.Code);
            type.Property(t => t.Code).HasMaxLength(20);
        });
        model.Entity<IssuerRow>(issuer =>
        {
            issuer.ToTable("issuers");
            issuer.HasKey(i => i.Code);
            issuer.Property(i => i.Code).HasMaxLength(40);
        });
        model.Entity<PartyTermRow>(term =>
        {
            term.ToTable("party_terms");
            term.HasKey(t => t.Id);
            term.HasIndex(t => new { t.Level, t.Starts }).IsUnique().HasDatabaseName(PartyTermStartIndex);
        });
        model.Entity<DocumentLinkRow>(link =>
        {
            link.ToTable("document_links");
            link.HasKey(l => l.Id);
            link.HasIndex(l => new { l.FromId, l.ToId, l.Kind }).IsUnique().HasDatabaseName(LinkIndex);
            link.HasIndex(l => l.ToId);
        });
        model.Entity<DirectiveTask>(task =>
        {
            task.ToTable("tasks");
            task.HasKey(t => t.Id);
            task.Property(t => t.Title).HasMaxLength(1000);
            task.Property(t => t.LeadUnitId).HasMaxLength(100);
            task.Property(t => t.ResponsiblePerson).HasMaxLength(200);
            task.Ignore(t => t.Schedule);
            task.HasIndex(t => t.DocumentId);
            task.HasIndex(t => t.LeadUnitId);
            task.HasIndex(t => t.Status);
        });
        model.Entity<ProgressReportRow>(report =>
        {
            report.ToTable("progress_reports");
            report.HasKey(r => r.Id);
            report.Property(r => r.Occurrence).HasMaxLength(20);
            report.Property(r => r.Summary).HasMaxLength(4000);
            report.HasIndex(r => r.TaskId);
        });
        model.Entity<TaskOverdueNotice>(notice =>
        {
            notice.ToTable("task_overdue_notices");
            notice.HasKey(n => new { n.TaskId, n.Occurrence });
            notice.Property(n => n.Occurrence).HasMaxLength(20);
        });
        model.Entity<CommendedModel>(commended =>
        {
            commended.HasKey(m => m.ModelId);
            commended.Property(m => m.ModelId).ValueGeneratedNever();
            commended.HasIndex(m => m.DocumentId);
            commended.HasIndex(m => m.DocumentSymbol);
        });
        model.Entity<PetitionRecord>(petition =>
        {
            petition.ToTable("petitions");
            petition.HasKey(p => p.PetitionId);
            petition.Property(p => p.PetitionId).ValueGeneratedNever();
            petition.HasIndex(p => p.DocumentId);
        });
        model.Entity<ReviewRow>(review =>
        {
            review.ToTable("reviews");
            review.HasKey(r => r.Id);
            review.HasIndex(r => r.DocumentId);
        });
    }
}
