using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.CadreWork.Data;

public sealed class CadreWorkDbContext(DbContextOptions<CadreWorkDbContext> options) : DbContext(options)
{
    public const string PositionNameIndex = "ix_positions_unit_id_name";
    public const string RatingPeriodIndex = "ix_ratings_person_id_period";
    public const string UnitRatingPeriodIndex = "ix_unit_ratings_unit_id_period";
    public const string CommitmentPeriodIndex = "ix_commitments_person_id_period";
    public const string PlanningIndex = "ix_planning_entries_position_id_person_id";

    /// <summary>The authoritative organisation tree; the other services keep copies of it.</summary>
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    /// <summary>Former names of renamed units, for the tree as of a date.</summary>
    public DbSet<OrgUnitName> OrgUnitNames => Set<OrgUnitName>();

    /// <summary>Former parents and paths of units a merge or split moved, for the tree as of a date.</summary>
    public DbSet<OrgUnitPlacement> OrgUnitPlacements => Set<OrgUnitPlacement>();

    /// <summary>Merges and splits, those with a future effective date waiting to be applied.</summary>
    public DbSet<Reorganisation> Reorganisations => Set<Reorganisation>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<UnitRating> UnitRatings => Set<UnitRating>();

    public DbSet<Commitment> Commitments => Set<Commitment>();

    public DbSet<PlanningEntry> PlanningEntries => Set<PlanningEntry>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<Transfer> Transfers => Set<Transfer>();

    public DbSet<TrainingRecord> TrainingRecords => Set<TrainingRecord>();

    public DbSet<DisciplineEntry> Disciplines => Set<DisciplineEntry>();

    public DbSet<CommendationEntry> Commendations => Set<CommendationEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits();
        model.Entity<OrgUnitName>(e =>
        {
            e.ToTable("org_unit_names");
            e.Property(n => n.Id).ValueGeneratedNever();
            e.Property(n => n.UnitId).HasMaxLength(100);
            e.Property(n => n.Name).HasMaxLength(300);
            e.HasIndex(n => new { n.UnitId, n.ValidFrom });
        });
        model.Entity<OrgUnitPlacement>(e =>
        {
            e.ToTable("org_unit_placements");
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.UnitId).HasMaxLength(100);
            e.Property(p => p.ParentId).HasMaxLength(100);
            e.Property(p => p.Path).HasMaxLength(1000);
            e.HasIndex(p => new { p.UnitId, p.ValidFrom });
        });
        model.Entity<Reorganisation>(e =>
        {
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Kind).HasMaxLength(10);
            e.Property(r => r.DefaultSuccessorId).HasMaxLength(100);
            // The scanner's question: what is due and not yet applied.
            e.HasIndex(r => r.EffectiveDate).HasFilter("applied_at IS NULL");
        });
        model.Entity<Position>(e =>
        {
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.UnitId).HasMaxLength(100);
            e.Property(p => p.Name).HasMaxLength(300);
            e.HasIndex(p => new { p.UnitId, p.Name }).IsUnique().HasDatabaseName(PositionNameIndex);
        });
        model.Entity<Person>(e =>
        {
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.FullName).HasMaxLength(200);
            e.Property(p => p.UnitId).HasMaxLength(100);
            e.Property(p => p.Kind).HasMaxLength(20);
            e.Property(p => p.Membership).HasMaxLength(20);
            e.Property(p => p.Sex).HasMaxLength(10);
            e.HasIndex(p => new { p.UnitId, p.FullName, p.Id });
            e.HasIndex(p => new { p.FullName, p.Id });
        });
        model.Entity<Rating>(e =>
        {
            RatingDecisionColumns(e);
            e.Property(r => r.CommitmentSummary).HasMaxLength(200);
            e.HasIndex(r => new { r.PersonId, r.Period }).IsUnique().HasDatabaseName(RatingPeriodIndex);
            e.HasIndex(r => new { r.UnitId, r.Period, r.Grade });
        });
        model.Entity<UnitRating>(e =>
        {
            RatingDecisionColumns(e);
            e.Property(r => r.OrganisationId).HasMaxLength(100);
            e.HasIndex(r => new { r.UnitId, r.Period }).IsUnique().HasDatabaseName(UnitRatingPeriodIndex);
            e.HasIndex(r => new { r.OrganisationId, r.Period, r.Grade });
        });
        model.Entity<Commitment>(e =>
        {
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.UnitId).HasMaxLength(100);
            e.Property(c => c.Period).HasMaxLength(10);
            e.Property(c => c.Content).HasMaxLength(4000);
            e.Property(c => c.Result).HasMaxLength(20);
            e.Property(c => c.ReviewComment).HasMaxLength(4000);
            e.Property(c => c.ReviewedBy).HasMaxLength(200);
            e.HasIndex(c => new { c.PersonId, c.Period }).IsUnique().HasDatabaseName(CommitmentPeriodIndex);
        });
        model.Entity<PlanningEntry>(e =>
        {
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.RuleId).HasMaxLength(100);
            e.HasIndex(p => new { p.PositionId, p.PersonId }).IsUnique().HasDatabaseName(PlanningIndex);
            e.HasIndex(p => p.PersonId);
        });
        model.Entity<Appointment>(e =>
        {
            e.Property(a => a.Id).ValueGeneratedNever();
            e.Property(a => a.DecisionNumber).HasMaxLength(100);
            e.Property(a => a.RuleId).HasMaxLength(100);
            e.HasIndex(a => new { a.PersonId, a.StartDate });
        });
        model.Entity<Transfer>(e =>
        {
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.Kind).HasMaxLength(20);
            e.Property(t => t.FromUnitId).HasMaxLength(100);
            e.Property(t => t.ToUnitId).HasMaxLength(100);
            e.Property(t => t.RuleId).HasMaxLength(100);
            e.HasIndex(t => new { t.PersonId, t.EffectiveDate });
        });
        model.Entity<TrainingRecord>(e =>
        {
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.Program).HasMaxLength(300);
            e.Property(t => t.Institution).HasMaxLength(300);
            e.HasIndex(t => new { t.PersonId, t.StartDate });
        });
        model.Entity<DisciplineEntry>(e =>
        {
            e.ToTable("disciplines");
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.Form).HasMaxLength(20);
            e.Property(d => d.DecisionNumber).HasMaxLength(100);
            e.Property(d => d.OriginalForm).HasMaxLength(20);
            e.Property(d => d.AppealDecisionNumber).HasMaxLength(100);
            // No foreign key: a fact from Supervision is kept even if it names a person not (yet) known here.
            e.HasIndex(d => d.PersonId);
        });
        model.Entity<CommendationEntry>(e =>
        {
            e.ToTable("commendations");
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.Title).HasMaxLength(300);
            e.Property(c => c.Level).HasMaxLength(20);
            e.Property(c => c.DecisionNumber).HasMaxLength(100);
            e.Property(c => c.RevocationReason).HasMaxLength(2000);
            e.HasIndex(c => c.PersonId);
        });
    }

    private static void RatingDecisionColumns<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : RatingDecision
    {
        e.Property(r => r.Id).ValueGeneratedNever();
        e.Property(r => r.UnitId).HasMaxLength(100);
        e.Property(r => r.Period).HasMaxLength(20);
        e.Property(r => r.Grade).HasMaxLength(20);
        e.Property(r => r.UncappedGrade).HasMaxLength(20);
        e.Property(r => r.ProposedGrade).HasMaxLength(20);
        e.Property(r => r.GeneralScore).HasPrecision(5, 2);
        e.Property(r => r.TaskScore).HasPrecision(5, 2);
        e.Property(r => r.QuotaOverrideReason).HasMaxLength(2000);
    }
}
