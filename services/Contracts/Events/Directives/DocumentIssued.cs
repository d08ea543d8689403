namespace NgheAn.Contracts.Events.Directives;

/// <summary>A document was registered as issued in the Directives service.</summary>
public sealed record DocumentIssued : IntegrationEvent
{
    public required Guid DocumentId { get; init; }

    /// <summary>Canonical symbol, e.g. "196-KH/TU".</summary>
    public required string Symbol { get; init; }

    public required string Type { get; init; }

    public required string Issuer { get; init; }

    public required string Title { get; init; }

    public required DateOnly IssueDate { get; init; }

    /// <summary>Symbols of the documents it implements.</summary>
    public IReadOnlyList<string> Implements { get; init; } = [];

    public override string Subject => $"documents/{DocumentId}";
}
