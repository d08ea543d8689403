namespace NgheAn.Contracts.Events.Supervision;

/// <summary>
/// A head of a committee held a citizen reception session (tiếp công dân). UnitId is the
/// committee's unit.
/// </summary>
public sealed record ReceptionHeld : IntegrationEvent
{
    public required Guid SessionId { get; init; }

    public required Guid ScheduleId { get; init; }

    /// <summary>The head (CadreWork person id).</summary>
    public required string HeadPersonId { get; init; }

    public required DateOnly HeldOn { get; init; }

    /// <summary>How many cases citizens brought to the session.</summary>
    public required int Cases { get; init; }

    public override string Subject => $"reception-sessions/{SessionId}";
}

/// <summary>
/// A head's month ended with fewer days of citizen reception than required (a province head at
/// least 1, a commune head at least 2). UnitId is the committee's unit.
/// </summary>
public sealed record ReceptionMissed : IntegrationEvent
{
    public required Guid ScheduleId { get; init; }

    public required string HeadPersonId { get; init; }

    /// <summary>The month, YYYY-MM.</summary>
    public required string Month { get; init; }

    public required int RequiredDays { get; init; }

    public required int HeldDays { get; init; }

    /// <summary>The requirement's legal basis.</summary>
    public required string LegalBasis { get; init; }

    public override string Subject => $"reception-schedules/{ScheduleId}";
}
