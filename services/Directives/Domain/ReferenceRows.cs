namespace NgheAn.Directives.Domain;

/// <summary>Level of a Party committee or body in the organisation tree (domain.md §0).</summary>
public enum IssuerLevel
{
    Central,
    Provincial,
    /// <summary>Huyện ủy, thị ủy, thành ủy trực thuộc tỉnh: abolished 1 July 2025, kept for history.</summary>
    District,
    /// <summary>Xã, phường, đặc khu and other grassroots (cơ sở) Party committees.</summary>
    Grassroots,
}

/// <summary>A kind of Party document (thể loại văn bản) and the code used in its symbol.</summary>
public sealed record DocumentType(
    string Code,
    string NameVi,
    string NameEn,
    string LegalBasis,
    DateOnly? ValidFrom = null,
    DateOnly? ValidTo = null)
{
    public bool IsInUseOn(DateOnly date) => Periods.Contains(ValidFrom, ValidTo, date);
}

/// <summary>A body that issues documents, with the code written after the slash of a symbol.</summary>
public sealed record Issuer(
    string Code,
    string NameVi,
    IssuerLevel Level,
    DateOnly? ValidFrom = null,
    DateOnly? ValidTo = null,
    string? SuccessorCode = null,
    string? Note = null)
{
    public bool IsInUseOn(DateOnly date) => Periods.Contains(ValidFrom, ValidTo, date);
}

internal static class Periods
{
    public static bool Contains(DateOnly? from, DateOnly? to, DateOnly date) =>
        (from is null || date >= from) && (to is null || date <= to);

    public static string Describe(DateOnly? from, DateOnly? to) =>
        $"{(from is { } f ? VietnameseDate.ToIso(f) : "…")} to {(to is { } t ? VietnameseDate.ToIso(t) : "…")}";
}
