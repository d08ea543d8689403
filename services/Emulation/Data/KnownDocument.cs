namespace NgheAn.Emulation.Data;

/// <summary>Emulation's copy of a document issued in the Directives service (fed by DocumentIssued).</summary>
public sealed class KnownDocument
{
    /// <summary>The document's id in the Directives service.</summary>
    public Guid Id { get; set; }

    public required string Symbol { get; set; }

    public required string Title { get; set; }

    public DateOnly IssueDate { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The organisation unit that owns the document.</summary>
    public required string UnitId { get; set; }
}
