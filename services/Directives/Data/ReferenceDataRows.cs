namespace NgheAn.Directives.Data;

// Reference data added through the API; Domain/DocumentReferenceData and PartyTerms hold the
// built-in rows these extend or correct.

public sealed class DocumentTypeRow
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? EnglishName { get; set; }
    public required string LegalBasis { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}

public sealed class IssuerRow
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Level { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? SuccessorCode { get; set; }
    public string? Note { get; set; }
}

public sealed class PartyTermRow
{
    public Guid Id { get; set; }
    public required string Level { get; set; }
    public required string Name { get; set; }
    public required string Label { get; set; }
    public DateOnly Starts { get; set; }
    public required string Source { get; set; }
}
