using System.Globalization;
using NgheAn.ServiceDefaults.Text;

namespace NgheAn.Directives.Domain;

/// <summary>
/// A document's number and symbol (số, ký hiệu), e.g. <c>196-KH/TU</c> or the jointly issued
/// <c>05-QC/BTCTU-BDVTU</c>: <c>{number}-{TYPE}/{ISSUER[-ISSUER...]}</c> (Hướng dẫn 36-HD/VPTW).
/// </summary>
public sealed record DocumentSymbol
{
    public const string SymbolField = "symbol";
    public const string NumberField = "number";
    public const string TypeField = "type";
    public const string IssuerField = "issuer";

    private const string Expected = "expected {number}-{TYPE}/{ISSUER}, e.g. 196-KH/TU";

    private DocumentSymbol(int number, string typeCode, IReadOnlyList<string> issuerCodes)
    {
        Number = number;
        TypeCode = typeCode;
        IssuerCodes = issuerCodes;
    }

    public int Number { get; }

    /// <summary>The number as written: at least two digits.</summary>
    public string NumberText => FormatNumber(Number);

    public string TypeCode { get; }

    /// <summary>Issuers in the order written; the first one decides the level (and so the term).</summary>
    public IReadOnlyList<string> IssuerCodes { get; }

    public string IssuerKey => string.Join('-', IssuerCodes);

    public override string ToString() => $"{NumberText}-{TypeCode}/{IssuerKey}";

    // Records compare lists by reference; a symbol is equal to another with the same canonical form.
    public bool Equals(DocumentSymbol? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public static string FormatNumber(int number) => number.ToString("00", CultureInfo.InvariantCulture);

    public static ParseResult<DocumentSymbol> Parse(string? input, DocumentReferenceData? data = null)
    {
        data ??= DocumentReferenceData.Default;
        var text = Normalize(input);

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var dash = slash < 0 ? -1 : text.IndexOf('-', StringComparison.Ordinal);
        if (slash < 0 || dash < 0 || dash > slash || text.Any(char.IsWhiteSpace))
            return ParseResult<DocumentSymbol>.Fail(SymbolField, $"{Expected}; got '{text}'");

        var numberText = text[..dash];
        var typeCode = text[(dash + 1)..slash];
        var issuers = text[(slash + 1)..].Split('-');
        if (numberText.Length == 0 || typeCode.Length == 0 || typeCode.Contains('-', StringComparison.Ordinal)
            || issuers.Any(i => i.Length == 0 || i.Contains('/', StringComparison.Ordinal)))
            return ParseResult<DocumentSymbol>.Fail(SymbolField, $"{Expected}; got '{text}'");

        var errors = new List<FieldError>();
        var number = ParseNumber(numberText, errors);

        if (data.FindType(typeCode) is null)
            errors.Add(new(TypeField, $"unknown document type '{typeCode}'{Hint(typeCode, data.Types.Select(t => t.Code))}"));

        foreach (var code in issuers.Where(code => data.FindIssuer(code) is null))
            errors.Add(new(IssuerField, $"unknown issuer '{code}'{Hint(code, data.Issuers.Select(i => i.Code))}"));
        foreach (var code in issuers.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            errors.Add(new(IssuerField, $"issuer '{code}' is listed more than once"));

        return errors.Count > 0
            ? ParseResult<DocumentSymbol>.Fail(errors)
            : ParseResult<DocumentSymbol>.Ok(new DocumentSymbol(number, typeCode, issuers));
    }

    /// <summary>Builds a symbol from its parts, e.g. for the next number in a register.</summary>
    public static ParseResult<DocumentSymbol> Create(int number, string typeCode, IEnumerable<string> issuerCodes,
        DocumentReferenceData? data = null) =>
        number < 1
            ? ParseResult<DocumentSymbol>.Fail(NumberField, $"number must be 01 or greater: '{number}'")
            : Parse($"{FormatNumber(number)}-{typeCode}/{string.Join('-', issuerCodes)}", data);

    /// <summary>Errors if the type or an issuer was not in use on the issue date (e.g. QĐi after 2019).</summary>
    public IReadOnlyList<FieldError> ValidateOn(DateOnly issueDate, DocumentReferenceData? data = null)
    {
        data ??= DocumentReferenceData.Default;
        var errors = new List<FieldError>();
        var day = VietnameseDate.ToIso(issueDate);

        if (data.FindType(TypeCode) is { } type && !type.IsInUseOn(issueDate))
            errors.Add(new(TypeField,
                $"document type '{TypeCode}' was not in use on {day} (in use {Periods.Describe(type.ValidFrom, type.ValidTo)})"));

        foreach (var code in IssuerCodes)
        {
            if (data.FindIssuer(code) is not { } issuer || issuer.IsInUseOn(issueDate)) continue;
            var successor = issuer.SuccessorCode is { } s ? $"; succeeded by '{s}'" : "";
            errors.Add(new(IssuerField,
                $"issuer '{code}' was not in use on {day} (in use {Periods.Describe(issuer.ValidFrom, issuer.ValidTo)}{successor})"));
        }
        return errors;
    }

    private static int ParseNumber(string text, List<FieldError> errors)
    {
        if (!text.All(char.IsAsciiDigit))
        {
            errors.Add(new(NumberField, $"number must be digits: '{text}'"));
            return 0;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            errors.Add(new(NumberField, $"number is too large: '{text}'"));
            return 0;
        }
        var canonical = FormatNumber(number);
        if (number == 0)
            errors.Add(new(NumberField, $"number must be 01 or greater: '{text}'"));
        else if (text.Length < canonical.Length)
            errors.Add(new(NumberField, $"number must be zero-padded to two digits: '{text}' (write '{canonical}')"));
        else if (text != canonical)
            errors.Add(new(NumberField, $"number has too many leading zeros: '{text}' (write '{canonical}')"));
        return number;
    }

    private static string Normalize(string? input)
    {
        // Đ (U+0110) has no Unicode decomposition, so NFC alone cannot repair the look-alikes that
        // legacy fonts and keyboards produce: D + combining stroke, Icelandic Ð, African Ɖ.
        // Word also turns '-' into dashes.
        var text = (input ?? "").Trim().Normalize();
        return text
            .Replace("D\u0335", "Đ", StringComparison.Ordinal)
            .Replace("D\u0336", "Đ", StringComparison.Ordinal)
            .Replace('\u00D0', 'Đ')
            .Replace('\u0189', 'Đ')
            .Replace('\u2010', '-').Replace('\u2011', '-').Replace('\u2012', '-').Replace('\u2013', '-').Replace('\u2212', '-');
    }

    // Codes are case- and diacritic-sensitive, but a near miss ("ct", "QDi") deserves a pointer.
    private static string Hint(string code, IEnumerable<string> known)
    {
        var folded = TextFolding.Fold(code);
        var match = known.FirstOrDefault(k => TextFolding.Fold(k) == folded);
        return match is null ? "" : $" (did you mean '{match}'?)";
    }
}
