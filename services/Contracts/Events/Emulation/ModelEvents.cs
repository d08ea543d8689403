namespace NgheAn.Contracts.Events.Emulation;

/// <summary>An exemplary model was nominated for commendation at a level. UnitId is the unit of the model.</summary>
public sealed record ModelNominated : IntegrationEvent
{
    public required Guid ModelId { get; init; }

    public required string Name { get; init; }

    /// <summary>co-so, huyen (historic), tinh or trung-uong.</summary>
    public required string Level { get; init; }

    public required DateOnly NominatedOn { get; init; }

    /// <summary>Models of the same unit whose names are alike (against duplicate nominations), for the appraiser.</summary>
    public IReadOnlyList<Guid> LikelyDuplicateOf { get; init; } = [];

    public override string Subject => $"models/{ModelId}";
}

/// <summary>An exemplary model was replicated (nhân rộng) in other units. UnitId is the unit of the model.</summary>
public sealed record ModelReplicated : IntegrationEvent
{
    public required Guid ModelId { get; init; }

    public required string Name { get; init; }

    /// <summary>The units it was replicated in.</summary>
    public required IReadOnlyList<string> ReplicatedIn { get; init; }

    public required DateOnly ReplicatedOn { get; init; }

    public override string Subject => $"models/{ModelId}";
}
