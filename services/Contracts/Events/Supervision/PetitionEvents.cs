namespace NgheAn.Contracts.Events.Supervision;

/// <summary>
/// A petition (phản ánh, kiến nghị, khiếu nại, tố cáo) was received. The submitter's identity is
/// never in an event. UnitId is the unit it was assigned to or, before assignment, the receiving unit.
/// </summary>
public sealed record PetitionReceived : IntegrationEvent
{
    public required Guid PetitionId { get; init; }

    /// <summary>reflection, recommendation, complaint or denunciation.</summary>
    public required string Kind { get; init; }

    /// <summary>citizen, fatherland-front or mass-organisation.</summary>
    public required string Source { get; init; }

    public required DateOnly ReceivedOn { get; init; }

    /// <summary>The party member complained about or denounced (CadreWork id), when there is one: Emulation holds their awards.</summary>
    public Guid? SubjectPersonId { get; init; }

    public Guid? DocumentId { get; init; }

    public override string Subject => $"petitions/{PetitionId}";
}

/// <summary>A citizen's petition (phản ánh, kiến nghị, khiếu nại, tố cáo) was resolved. UnitId is the handling unit.</summary>
public sealed record PetitionResolved : IntegrationEvent
{
    public required Guid PetitionId { get; init; }

    /// <summary>reflection, recommendation, complaint or denunciation.</summary>
    public required string Kind { get; init; }

    public required DateOnly ResolvedOn { get; init; }

    /// <summary>The directive it was handled under (e.g. 13-CT/TU), when known.</summary>
    public Guid? DocumentId { get; init; }

    /// <summary>The party member complained about or denounced, when there is one.</summary>
    public Guid? SubjectPersonId { get; init; }

    public override string Subject => $"petitions/{PetitionId}";
}

/// <summary>A petition passed its legal deadline unresolved. UnitId is the handling unit.</summary>
public sealed record PetitionOverdue : IntegrationEvent
{
    public required Guid PetitionId { get; init; }

    public required string Kind { get; init; }

    public required DateOnly DueDate { get; init; }

    public Guid? DocumentId { get; init; }

    public override string Subject => $"petitions/{PetitionId}";
}
