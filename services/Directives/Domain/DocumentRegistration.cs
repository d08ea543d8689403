using System.Text;

namespace NgheAn.Directives.Domain;

/// <summary>A document's facts once its input has been checked: what the service stores.</summary>
public sealed record RegisteredDocument(
    DocumentSymbol Symbol,
    DocumentNumberKey Key,
    string Title,
    DateOnly IssueDate,
    IReadOnlyList<DocumentSymbol> Implements);

/// <summary>
/// Checks the input of a new document and derives its type, issuer, term and number from the
/// symbol. Every problem is reported at once, each naming its field.
/// </summary>
public static class DocumentRegistration
{
    public const int MaxTitleLength = 1000;

    public static ParseResult<RegisteredDocument> Validate(
        string? symbol,
        string? title,
        string? issueDate,
        IReadOnlyList<string> implements,
        DateOnly today,
        DocumentReferenceData? data = null,
        PartyTerms? terms = null,
        string fieldPrefix = "")
    {
        data ??= DocumentReferenceData.Default;
        terms ??= PartyTerms.Default;
        var errors = new List<FieldError>();
        string Field(string name) => fieldPrefix + name;

        var parsedSymbol = DocumentSymbol.Parse(symbol, data);
        Collect(parsedSymbol.Errors, Field("symbol"), errors);

        var cleanTitle = (title ?? "").Normalize(NormalizationForm.FormC).Trim();
        if (cleanTitle.Length == 0)
        {
            errors.Add(new(Field("title"), "is required (trích yếu)."));
        }
        else if (cleanTitle.Length > MaxTitleLength)
        {
            errors.Add(new(Field("title"), $"must be at most {MaxTitleLength} characters."));
        }

        var parsedDate = VietnameseDate.Parse(issueDate, Field("issue_date"));
        errors.AddRange(parsedDate.Errors);
        if (parsedDate.IsValid && parsedDate.Value > today)
        {
            errors.Add(new(Field("issue_date"), $"{VietnameseDate.ToIso(parsedDate.Value)} is in the future."));
        }

        var higher = new List<DocumentSymbol>();
        for (var i = 0; i < implements.Count; i++)
        {
            var parsed = DocumentSymbol.Parse(implements[i], data);
            Collect(parsed.Errors, Field($"implements[{i}]"), errors);
            if (!parsed.IsValid)
            {
                continue;
            }

            if (parsedSymbol.IsValid && parsed.Value == parsedSymbol.Value)
            {
                errors.Add(new(Field($"implements[{i}]"), "a document cannot implement itself."));
            }
            else if (!higher.Contains(parsed.Value))
            {
                higher.Add(parsed.Value);
            }
        }

        DocumentNumberKey? key = null;
        if (parsedSymbol.IsValid && parsedDate.IsValid)
        {
            Collect(parsedSymbol.Value.ValidateOn(parsedDate.Value, data), Field("symbol"), errors);
            key = terms.KeyFor(parsedSymbol.Value, parsedDate.Value, data);
            if (key is null)
            {
                errors.Add(new(Field("issue_date"), $"no committee term of issuer '{parsedSymbol.Value.IssuerCodes[0]}' is known for {VietnameseDate.ToIso(parsedDate.Value)}."));
            }
        }

        return errors.Count > 0
            ? ParseResult<RegisteredDocument>.Fail(errors)
            : ParseResult<RegisteredDocument>.Ok(new RegisteredDocument(parsedSymbol.Value, key!, cleanTitle, parsedDate.Value, higher));
    }

    // Symbol parts (number, type, issuer) are all written in the one symbol field.
    private static void Collect(IEnumerable<FieldError> found, string field, List<FieldError> errors) =>
        errors.AddRange(found.Select(e => e with { Field = field }));
}
