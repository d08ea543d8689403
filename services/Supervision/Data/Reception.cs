using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Data;

/// <summary>A head of a committee's citizen reception in one month.</summary>
public sealed class ReceptionSchedule
{
    public Guid Id { get; set; }

    public required string UnitId { get; set; }

    public required string HeadPersonId { get; set; }

    public string? HeadName { get; set; }

    public HeadLevel Level { get; set; }

    public int Year { get; set; }

    public int Month { get; set; }

    public List<DateOnly> PlannedDays { get; set; } = [];

    /// <summary>Set once, by the deadline scanner, after the month ended (with ReceptionMissed when it ended short).</summary>
    public DateTimeOffset? MonthCheckedAt { get; set; }

    public List<ReceptionSession> Sessions { get; set; } = [];
}

/// <summary>A session held under a schedule, with the cases received.</summary>
public sealed class ReceptionSession
{
    public Guid Id { get; set; }

    public Guid ScheduleId { get; set; }

    public required string UnitId { get; set; }

    public DateOnly HeldOn { get; set; }

    public string? Location { get; set; }

    public List<ReceptionCase> Cases { get; set; } = [];
}

/// <summary>What one citizen raised at a session.</summary>
public sealed class ReceptionCase
{
    public required string Summary { get; set; }

    public Guid? PetitionId { get; set; }
}

/// <summary>A Standing Committee member assigned to a cell's meetings.</summary>
public sealed class CellAssignment
{
    public Guid Id { get; set; }

    /// <summary>The committee's unit.</summary>
    public required string UnitId { get; set; }

    public required string MemberPersonId { get; set; }

    public string? MemberName { get; set; }

    public required string CellUnitId { get; set; }

    public List<CellAttendance> Attendances { get; set; } = [];
}

/// <summary>A cell meeting the assigned member attended.</summary>
public sealed class CellAttendance
{
    public Guid Id { get; set; }

    public Guid AssignmentId { get; set; }

    public required string UnitId { get; set; }

    public DateOnly MeetingDate { get; set; }
}
