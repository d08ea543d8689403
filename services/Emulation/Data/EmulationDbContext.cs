using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.People;

namespace NgheAn.Emulation.Data;

public sealed class EmulationDbContext(DbContextOptions<EmulationDbContext> options) : DbContext(options)
{
    public DbSet<KnownDocument> KnownDocuments => Set<KnownDocument>();

    public DbSet<Movement> Movements => Set<Movement>();

    public DbSet<ModelRecord> Models => Set<ModelRecord>();

    public DbSet<ModelStepRecord> ModelSteps => Set<ModelStepRecord>();

    public DbSet<NominationRecord> Nominations => Set<NominationRecord>();

    public DbSet<AwardRecord> Awards => Set<AwardRecord>();

    public DbSet<KnownPerson> People => Set<KnownPerson>();

    public DbSet<RatingFact> Ratings => Set<RatingFact>();

    public DbSet<UnitRatingFact> UnitRatings => Set<UnitRatingFact>();

    public DbSet<CaseFact> Cases => Set<CaseFact>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits(); // copy of CadreWork's tree, for access checks and subtree reports
        model.AddPeople(); // copy of CadreWork's people: whose unit a nomination is in
        model.Entity<KnownDocument>(document =>
        {
            document.HasKey(d => d.Id);
            document.Property(d => d.Id).ValueGeneratedNever();
            document.Property(d => d.Symbol).HasMaxLength(100);
            document.Property(d => d.Title).HasMaxLength(2000);
            document.Property(d => d.UnitId).HasMaxLength(100);
        });
        model.Entity<Movement>(movement =>
        {
            movement.ToTable("movements");
            movement.HasKey(m => m.Id);
            movement.Property(m => m.Id).ValueGeneratedNever();
            movement.Property(m => m.Name).HasMaxLength(500);
            movement.Property(m => m.UnitId).HasMaxLength(100);
            movement.HasIndex(m => m.UnitId);
        });
        model.Entity<ModelRecord>(record =>
        {
            record.ToTable("models");
            record.HasKey(m => m.Id);
            record.Property(m => m.Id).ValueGeneratedNever();
            record.Property(m => m.Name).HasMaxLength(500);
            record.Property(m => m.UnitId).HasMaxLength(100);
            record.HasMany(m => m.Steps).WithOne().HasForeignKey(s => s.ModelId);
            // Reports count commended models by unit, level and period.
            record.HasIndex(m => new { m.UnitId, m.CommendedLevel, m.CommendedOn });
            record.HasIndex(m => m.MovementId);
            record.HasIndex(m => m.DocumentId);
        });
        model.Entity<ModelStepRecord>(step =>
        {
            step.ToTable("model_steps");
            step.HasKey(s => s.Id);
            step.Property(s => s.Id).ValueGeneratedNever();
            step.Property(s => s.DecidedBy).HasMaxLength(300);
            step.Property(s => s.RecordedBy).HasMaxLength(300);
            step.HasIndex(s => new { s.ModelId, s.Sequence }).IsUnique();
        });
        model.Entity<NominationRecord>(nomination =>
        {
            nomination.ToTable("nominations");
            nomination.HasKey(n => n.Id);
            nomination.Property(n => n.Id).ValueGeneratedNever();
            nomination.Property(n => n.AwardCode).HasMaxLength(100);
            nomination.Property(n => n.UnitId).HasMaxLength(100);
            nomination.Property(n => n.Achievement).HasMaxLength(2000);
            nomination.Property(n => n.AchievementId).HasMaxLength(200);
            nomination.Property(n => n.CreatedBy).HasMaxLength(300);
            nomination.Property(n => n.AppraisedBy).HasMaxLength(300);
            nomination.OwnsMany(n => n.Reasons, reason => reason.ToJson());
            nomination.HasIndex(n => n.PersonId);
            nomination.HasIndex(n => n.UnitId);
        });
        model.Entity<AwardRecord>(award =>
        {
            award.ToTable("awards");
            award.HasKey(a => a.Id);
            award.Property(a => a.Id).ValueGeneratedNever();
            award.Property(a => a.AwardCode).HasMaxLength(100);
            award.Property(a => a.Title).HasMaxLength(300);
            award.Property(a => a.UnitId).HasMaxLength(100);
            award.Property(a => a.AchievementId).HasMaxLength(200);
            award.Property(a => a.DecisionNumber).HasMaxLength(100);
            award.Property(a => a.RevocationFlag).HasMaxLength(1000);
            award.Property(a => a.RevocationGround).HasMaxLength(50);
            award.Property(a => a.RevocationReason).HasMaxLength(2000);
            award.HasIndex(a => a.PersonId);
            award.HasIndex(a => new { a.UnitId, a.Level, a.DecisionDate });
        });
        model.Entity<RatingFact>(rating =>
        {
            rating.ToTable("ratings");
            rating.HasKey(r => new { r.PersonId, r.Year });
        });
        model.Entity<UnitRatingFact>(rating =>
        {
            rating.ToTable("unit_ratings");
            rating.HasKey(r => new { r.UnitId, r.Year });
            rating.Property(r => r.UnitId).HasMaxLength(100);
        });
        model.Entity<CaseFact>(@case =>
        {
            @case.ToTable("person_cases");
            @case.HasKey(c => c.Id);
            @case.Property(c => c.Id).ValueGeneratedNever();
            @case.Property(c => c.Kind).HasMaxLength(20);
            @case.Property(c => c.Reference).HasMaxLength(300);
            @case.HasIndex(c => c.PersonId);
        });
    }
}
