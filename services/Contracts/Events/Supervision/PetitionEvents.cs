namespace NgheAn.Contracts.Events.Supervision;

/// <summary>A citizen's petition (phản ánh, kiến nghị, khiếu nại, tố cáo) was resolved. UnitId is the handling unit.</summary>
public sealed record PetitionResolved : IntegrationEvent
{
    public required Guid PetitionId { get; init; }

    /// <summary>reflection, recommendation, complaint or denunciation.</summary>
    public required string Kind { get; init; }

    public required DateOnly ResolvedOn { get; init; }

    /// <summary>The directive it was handled under (e.g. 13-CT/TU), when known.</summary>
    public Guid? DocumentId { get; init; }

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
