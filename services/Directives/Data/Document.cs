using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Data;

/// <summary>A registered document as stored.</summary>
public sealed class Document
{
    public Guid Id { get; set; }

    /// <summary>Canonical symbol, e.g. "196-KH/TU".</summary>
    public required string Symbol { get; set; }

    public required string TypeCode { get; set; }

    /// <summary>Issuer code(s), joint issuers joined by '-'.</summary>
    public required string IssuerKey { get; set; }

    /// <summary>Committee term label, e.g. "2020-2025": numbers restart each term.</summary>
    public required string Term { get; set; }

    public int Number { get; set; }

    public required string Title { get; set; }

    public DateOnly IssueDate { get; set; }

    /// <summary>Symbols of the higher documents this one implements.</summary>
    public List<string> Implements { get; set; } = [];

    /// <summary>Symbol and title folded (lower case, no diacritics) for diacritics-insensitive search.</summary>
    public required string SearchText { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The organisation unit that owns it.</summary>
    public required string UnitId { get; set; }

    public DocumentStatus Status { get; set; } = DocumentStatus.Issued;
}
