namespace NgheAn.Directives.Domain;

/// <summary>
/// A committee term (nhiệm kỳ, khóa) at one level. It runs from <see cref="Starts"/> until the day
/// before the next term of the same level starts. Per Hướng dẫn 36-HD/VPTW (2018) a term runs from
/// the day after the congress closes, or from the new committee's first plenum when that meets
/// during the congress, as it does at central and provincial level.
/// </summary>
public sealed record PartyTerm(IssuerLevel Level, string Name, string Label, DateOnly Starts, string Source);

/// <summary>The key under which a document number must be unique: numbers restart each term.</summary>
public sealed record DocumentNumberKey(string IssuerKey, string TypeCode, string Term, int Number);

/// <summary>Immutable table of committee terms per level, extensible with rows from the database.</summary>
public sealed class PartyTerms
{
    public PartyTerms(IEnumerable<PartyTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        All = terms.OrderBy(t => t.Level).ThenBy(t => t.Starts).ToArray();
        var clash = All.GroupBy(t => (t.Level, t.Starts)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"Two {clash.Key.Level} terms start on {VietnameseDate.ToIso(clash.Key.Starts)}.", nameof(terms));
    }

    public static PartyTerms Default { get; } = new(DefaultTerms());

    public IReadOnlyList<PartyTerm> All { get; }

    /// <summary>A copy with more terms, e.g. district or grassroots terms loaded per unit.</summary>
    public PartyTerms Extend(IEnumerable<PartyTerm> more) => new(All.Concat(more));

    /// <summary>The term of that level containing the date, or null when no term is known.</summary>
    public PartyTerm? Find(IssuerLevel level, DateOnly date) =>
        All.LastOrDefault(t => t.Level == level && t.Starts <= date);

    /// <summary>The label ("2020-2025") of the term containing the date, or null when unknown.</summary>
    public string? TermOf(IssuerLevel level, DateOnly date) => Find(level, date)?.Label;

    /// <summary>The term of a document: a joint document takes the level of its first issuer.</summary>
    public string? TermOf(DocumentSymbol symbol, DateOnly issueDate, DocumentReferenceData? data = null)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var issuer = (data ?? DocumentReferenceData.Default).FindIssuer(symbol.IssuerCodes[0]);
        return issuer is null ? null : TermOf(issuer.Level, issueDate);
    }

    /// <summary>The uniqueness key (issuer, type, term, number), or null when the term is unknown.</summary>
    public DocumentNumberKey? KeyFor(DocumentSymbol symbol, DateOnly issueDate, DocumentReferenceData? data = null) =>
        TermOf(symbol, issueDate, data) is { } term
            ? new DocumentNumberKey(symbol.IssuerKey, symbol.TypeCode, term, symbol.Number)
            : null;

    // District and grassroots congresses fall on different days in each unit, so one date per level
    // would be wrong for most of them: those terms come from the database via Extend.
    private static PartyTerm[] DefaultTerms() =>
    [
        new(IssuerLevel.Central, "khóa XI", "2011-2016", new(2011, 1, 19),
            "XI National Congress 12–19 Jan 2011; first plenum 19 Jan 2011"),
        new(IssuerLevel.Central, "khóa XII", "2016-2021", new(2016, 1, 27),
            "XII National Congress 20–28 Jan 2016 (congress closing date 28 Jan); first plenum 27 Jan 2016"),
        new(IssuerLevel.Central, "khóa XIII", "2021-2026", new(2021, 1, 31),
            "XIII National Congress 25 Jan–1 Feb 2021 (congress closing date 1 Feb); first plenum 31 Jan 2021"),
        new(IssuerLevel.Central, "khóa XIV", "2026-2031", new(2026, 1, 23),
            "XIV National Congress 19–23 Jan 2026 (congress closing date 23 Jan); first plenum morning of 23 Jan 2026"),
        new(IssuerLevel.Provincial, "khóa XVIII", "2015-2020", new(2015, 10, 14),
            "Nghệ An XVIII Congress 11–14 Oct 2015; day of first plenum not confirmed, congress closing date used"),
        new(IssuerLevel.Provincial, "khóa XIX", "2020-2025", new(2020, 10, 18),
            "Nghệ An XIX Congress 16–18 Oct 2020; first plenum results announced morning of 18 Oct (plenum may have sat late on 17 Oct)"),
        new(IssuerLevel.Provincial, "khóa XX", "2025-2030", new(2025, 10, 2),
            "Nghệ An XX Congress 1–3 Oct 2025 (congress closing date 3 Oct); first plenum afternoon of 2 Oct 2025"),
    ];
}
