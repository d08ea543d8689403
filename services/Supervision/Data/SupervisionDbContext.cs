using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.People;

namespace NgheAn.Supervision.Data;

public sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    public const string ScheduleIndex = "ix_reception_schedules_unit_head_month";

    public const string AssignmentIndex = "ix_cell_assignments_member_cell";

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<InspectionProgramme> InspectionProgrammes => Set<InspectionProgramme>();

    public DbSet<Inspection> Inspections => Set<Inspection>();

    public DbSet<Discipline> Disciplines => Set<Discipline>();

    public DbSet<ReceptionSchedule> ReceptionSchedules => Set<ReceptionSchedule>();

    public DbSet<ReceptionSession> ReceptionSessions => Set<ReceptionSession>();

    public DbSet<CellAssignment> CellAssignments => Set<CellAssignment>();

    public DbSet<CellAttendance> CellAttendances => Set<CellAttendance>();

    public DbSet<Petition> Petitions => Set<Petition>();

    public DbSet<KnownPerson> People => Set<KnownPerson>();

    public DbSet<TrackedTask> TrackedTasks => Set<TrackedTask>();

    public DbSet<MissedOccurrence> MissedOccurrences => Set<MissedOccurrence>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.AddOrgUnits(); // copy of CadreWork's tree, for access checks
        model.AddPeople(); // copy of CadreWork's people: membership checks, names in reports
        model.Entity<TrackedTask>(task =>
        {
            task.HasKey(t => t.TaskId);
            task.Property(t => t.DocumentSymbol).HasMaxLength(100);
            task.Property(t => t.Title).HasMaxLength(1000);
            task.Property(t => t.UnitId).HasMaxLength(100);
            task.Property(t => t.Recurrence).HasMaxLength(20);
            task.Property(t => t.ResponsiblePerson).HasMaxLength(300);
            task.HasIndex(t => t.UnitId);
        });
        model.Entity<MissedOccurrence>(missed =>
        {
            missed.HasKey(m => new { m.TaskId, m.Occurrence });
            missed.Property(m => m.Occurrence).HasMaxLength(20);
            missed.HasIndex(m => m.DueDate);
        });
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
        model.Entity<InspectionProgramme>(programme =>
        {
            programme.Property(p => p.Id).ValueGeneratedNever();
            programme.Property(p => p.UnitId).HasMaxLength(100);
            programme.Property(p => p.Title).HasMaxLength(1000);
            programme.HasIndex(p => p.UnitId);
        });
        model.Entity<Inspection>(inspection =>
        {
            inspection.Property(i => i.Id).ValueGeneratedNever();
            inspection.Property(i => i.UnitId).HasMaxLength(100);
            inspection.Property(i => i.TargetUnitId).HasMaxLength(100);
            inspection.Property(i => i.Title).HasMaxLength(1000);
            inspection.Property(i => i.Findings).HasMaxLength(8000);
            inspection.HasOne<InspectionProgramme>().WithMany().HasForeignKey(i => i.ProgrammeId);
            inspection.HasIndex(i => i.UnitId);
            inspection.HasIndex(i => i.TargetPersonId);
        });
        model.Entity<Discipline>(discipline =>
        {
            discipline.Property(d => d.Id).ValueGeneratedNever();
            discipline.Property(d => d.UnitId).HasMaxLength(100);
            discipline.Property(d => d.DecisionNumber).HasMaxLength(100);
            discipline.Property(d => d.AppealDecisionNumber).HasMaxLength(100);
            discipline.Property(d => d.Reason).HasMaxLength(4000);
            discipline.Property(d => d.FormsRuleId).HasMaxLength(100);
            discipline.Property(d => d.EffectRuleId).HasMaxLength(100);
            discipline.HasIndex(d => d.UnitId);
            discipline.HasIndex(d => d.PersonId);
            // The expiry scan reads decisions still in effect.
            discipline.HasIndex(d => d.EffectEndsOn).HasFilter("expired_on IS NULL");
        });
        model.Entity<ReceptionSchedule>(schedule =>
        {
            schedule.Property(s => s.Id).ValueGeneratedNever();
            schedule.Property(s => s.UnitId).HasMaxLength(100);
            schedule.Property(s => s.HeadPersonId).HasMaxLength(100);
            schedule.Property(s => s.HeadName).HasMaxLength(300);
            // One schedule per head, unit and month.
            schedule.HasIndex(s => new { s.UnitId, s.HeadPersonId, s.Year, s.Month }).IsUnique().HasDatabaseName(ScheduleIndex);
            schedule.HasIndex(s => new { s.Year, s.Month });
            schedule.HasMany(s => s.Sessions).WithOne().HasForeignKey(s => s.ScheduleId);
        });
        model.Entity<ReceptionSession>(session =>
        {
            session.Property(s => s.Id).ValueGeneratedNever();
            session.Property(s => s.UnitId).HasMaxLength(100);
            session.Property(s => s.Location).HasMaxLength(500);
            session.OwnsMany(s => s.Cases, cases => cases.ToJson());
        });
        model.Entity<CellAssignment>(assignment =>
        {
            assignment.Property(a => a.Id).ValueGeneratedNever();
            assignment.Property(a => a.UnitId).HasMaxLength(100);
            assignment.Property(a => a.MemberPersonId).HasMaxLength(100);
            assignment.Property(a => a.MemberName).HasMaxLength(300);
            assignment.Property(a => a.CellUnitId).HasMaxLength(100);
            assignment.HasIndex(a => new { a.MemberPersonId, a.CellUnitId }).IsUnique().HasDatabaseName(AssignmentIndex);
            assignment.HasIndex(a => a.UnitId);
            assignment.HasMany(a => a.Attendances).WithOne().HasForeignKey(a => a.AssignmentId);
        });
        model.Entity<CellAttendance>(attendance =>
        {
            attendance.Property(a => a.Id).ValueGeneratedNever();
            attendance.Property(a => a.UnitId).HasMaxLength(100);
        });
        model.Entity<Petition>(petition =>
        {
            petition.Property(p => p.Id).ValueGeneratedNever();
            petition.Property(p => p.UnitId).HasMaxLength(100);
            petition.Property(p => p.ReceivingUnitId).HasMaxLength(100);
            petition.Property(p => p.Summary).HasMaxLength(4000);
            petition.Property(p => p.SubmitterName).HasMaxLength(300);
            petition.Property(p => p.SubmitterAddress).HasMaxLength(500);
            petition.Property(p => p.SubmitterPhone).HasMaxLength(50);
            petition.Property(p => p.SubmitterIdNumber).HasMaxLength(50);
            petition.Property(p => p.Reply).HasMaxLength(4000);
            petition.OwnsMany(p => p.Extensions, extensions => extensions.ToJson());
            petition.HasIndex(p => p.UnitId);
            // The overdue scan reads open petitions not yet reported.
            petition.HasIndex(p => p.DueOn).HasFilter("resolved_on IS NULL AND overdue_noticed_at IS NULL");
        });
    }
}
