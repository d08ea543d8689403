namespace NgheAn.Contracts.Events.Directives;

/// <summary>A document was amended in part by a later one; it stays in force.</summary>
public sealed record DocumentAmended : IntegrationEvent
{
    public required Guid DocumentId { get; init; }

    public required string Symbol { get; init; }

    public required Guid AmendedById { get; init; }

    public required string AmendedBySymbol { get; init; }

    public override string Subject => $"documents/{DocumentId}";
}

/// <summary>A document was replaced as a whole by a later one.</summary>
public sealed record DocumentSuperseded : IntegrationEvent
{
    public required Guid DocumentId { get; init; }

    public required string Symbol { get; init; }

    public required Guid SupersededById { get; init; }

    public required string SupersededBySymbol { get; init; }

    public override string Subject => $"documents/{DocumentId}";
}

/// <summary>A review (sơ kết / tổng kết) of a document was published with its figures.</summary>
public sealed record ReviewPublished : IntegrationEvent
{
    public required Guid ReviewId { get; init; }

    public required Guid DocumentId { get; init; }

    public required string Symbol { get; init; }

    /// <summary>interim (sơ kết) or final (tổng kết).</summary>
    public required string Kind { get; init; }

    public required DateOnly PeriodStart { get; init; }

    public required DateOnly PeriodEnd { get; init; }

    public required int TasksDone { get; init; }

    public required int TasksOverdue { get; init; }

    public required int ModelsCommended { get; init; }

    public override string Subject => $"reviews/{ReviewId}";
}
