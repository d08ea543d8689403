namespace NgheAn.Directives.Domain;

/// <summary>
/// Immutable tables of document types and issuers. <see cref="Default"/> holds the rows known
/// when this was written; the service extends or corrects them with rows from its database.
/// Codes are compared case-sensitively, as they are written in official documents.
/// </summary>
public sealed class DocumentReferenceData
{
    private readonly Dictionary<string, DocumentType> _types;
    private readonly Dictionary<string, Issuer> _issuers;

    public DocumentReferenceData(IEnumerable<DocumentType> types, IEnumerable<Issuer> issuers)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(issuers);
        Types = types.Select(t => t with { Code = CheckCode(t.Code) }).ToArray();
        Issuers = issuers.Select(i => i with { Code = CheckCode(i.Code) }).ToArray();
        _types = ToDictionary(Types, t => t.Code, "document type");
        _issuers = ToDictionary(Issuers, i => i.Code, "issuer");
        foreach (var issuer in Issuers.Where(i => i.SuccessorCode is not null && !_issuers.ContainsKey(i.SuccessorCode)))
            throw new ArgumentException($"Issuer '{issuer.Code}' names unknown successor '{issuer.SuccessorCode}'.", nameof(issuers));
    }

    public static DocumentReferenceData Default { get; } = new(DefaultTypes(), DefaultIssuers());

    public IReadOnlyList<DocumentType> Types { get; }

    public IReadOnlyList<Issuer> Issuers { get; }

    public DocumentType? FindType(string code) => _types.GetValueOrDefault(code);

    public Issuer? FindIssuer(string code) => _issuers.GetValueOrDefault(code);

    /// <summary>A copy with more rows; a row whose code already exists replaces the old one.</summary>
    public DocumentReferenceData Extend(IEnumerable<DocumentType>? types = null, IEnumerable<Issuer>? issuers = null) =>
        new(Merge(Types, types, t => t.Code), Merge(Issuers, issuers, i => i.Code));

    private static IEnumerable<T> Merge<T>(IEnumerable<T> current, IEnumerable<T>? more, Func<T, string> code)
    {
        var added = more?.ToArray() ?? [];
        var replaced = added.Select(row => code(row).Trim().Normalize()).ToHashSet(StringComparer.Ordinal);
        return current.Where(row => !replaced.Contains(code(row))).Concat(added);
    }

    private static string CheckCode(string code)
    {
        // '-' joins co-issuers and '/' separates type from issuer, so neither may appear in a code.
        var nfc = code?.Trim().Normalize() ?? "";
        if (nfc.Length == 0 || nfc.Any(c => c is '-' or '/' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"Invalid code '{code}': must be non-empty, without '-', '/' or spaces.", nameof(code));
        return nfc;
    }

    private static Dictionary<string, T> ToDictionary<T>(IEnumerable<T> rows, Func<T, string> code, string what)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var row in rows)
            if (!map.TryAdd(code(row), row))
                throw new ArgumentException($"Duplicate {what} code '{code(row)}'.", nameof(rows));
        return map;
    }

    private const string Hd36 = "Hướng dẫn 36-HD/VPTW (2018)";

    private static DocumentType[] DefaultTypes() =>
    [
        new("NQ", "Nghị quyết", "Resolution", Hd36),
        new("CT", "Chỉ thị", "Directive", Hd36),
        new("KL", "Kết luận", "Conclusion", Hd36),
        new("QĐ", "Quyết định, quy định", "Decision, regulation", Hd36),
        // "Quy định" had its own code only from HD 36 (3 Apr 2018) until 2019 (e.g. 11-QĐi/TW,
        // 18 Feb 2019); later regulations are QĐ again. End given to the year, not the day.
        new("QĐi", "Quy định", "Regulation (2018–2019 code)", Hd36,
            new DateOnly(2018, 4, 3), new DateOnly(2019, 12, 31)),
        new("QC", "Quy chế", "Working rules", Hd36),
        new("HD", "Hướng dẫn", "Guidance", Hd36),
        new("KH", "Kế hoạch", "Plan", Hd36),
        new("CTr", "Chương trình", "Programme", Hd36),
        new("TB", "Thông báo", "Notice", Hd36),
        new("BC", "Báo cáo", "Report", Hd36),
        new("TTr", "Tờ trình", "Submission", Hd36),
        new("TT", "Thông tri", "Circular (thông tri)", Hd36),
        new("CV", "Công văn", "Official letter", Hd36),
    ];

    private static Issuer[] DefaultIssuers()
    {
        var districtLevelEnds = new DateOnly(2025, 6, 30); // cấp huyện ended on 1 July 2025

        // The 2025 merger of the provincial propaganda and mass-mobilisation boards took effect in
        // early 2025; the day of Nghệ An's decision is not confirmed here, so both sides are bounded by
        // the year and overlap during 2025 on purpose: a real document is never rejected by a guessed day.
        var mergerYearStart = new DateOnly(2025, 1, 1);
        var mergerYearEnd = new DateOnly(2025, 12, 31);

        return
        [
            // Documents of the Central Committee, Politburo and Secretariat all carry "/TW" (HD 36),
            // so Bộ Chính trị and Ban Bí thư have no codes of their own; likewise Ban Thường vụ uses "/TU".
            new("TW", "Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư", IssuerLevel.Central),
            new("VPTW", "Văn phòng Trung ương Đảng", IssuerLevel.Central),
            new("BTCTW", "Ban Tổ chức Trung ương", IssuerLevel.Central),
            new("UBKTTW", "Ủy ban Kiểm tra Trung ương", IssuerLevel.Central),
            new("TU", "Tỉnh ủy (Ban Chấp hành, Ban Thường vụ, Thường trực Tỉnh ủy)", IssuerLevel.Provincial),
            new("VPTU", "Văn phòng Tỉnh ủy", IssuerLevel.Provincial),
            new("BTCTU", "Ban Tổ chức Tỉnh ủy", IssuerLevel.Provincial),
            new("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", IssuerLevel.Provincial),
            new("BTGTU", "Ban Tuyên giáo Tỉnh ủy", IssuerLevel.Provincial,
                ValidTo: mergerYearEnd, SuccessorCode: "BTGDVTU", Note: "Hợp nhất vào Ban Tuyên giáo và Dân vận Tỉnh ủy (2025)"),
            new("BDVTU", "Ban Dân vận Tỉnh ủy", IssuerLevel.Provincial,
                ValidTo: mergerYearEnd, SuccessorCode: "BTGDVTU", Note: "Hợp nhất vào Ban Tuyên giáo và Dân vận Tỉnh ủy (2025)"),
            new("BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", IssuerLevel.Provincial,
                ValidFrom: mergerYearStart, Note: "Hợp nhất Ban Tuyên giáo và Ban Dân vận Tỉnh ủy (2025)"),
            new("HU", "Huyện ủy", IssuerLevel.District,
                ValidTo: districtLevelEnds, Note: "Cấp huyện kết thúc hoạt động từ 01/7/2025"),
            new("ThU", "Thành ủy, thị ủy trực thuộc tỉnh", IssuerLevel.District,
                ValidTo: districtLevelEnds, Note: "Cấp huyện kết thúc hoạt động từ 01/7/2025"),
            new("ĐU", "Đảng ủy (xã, phường, đặc khu, cơ sở)", IssuerLevel.Grassroots),
        ];
    }
}
