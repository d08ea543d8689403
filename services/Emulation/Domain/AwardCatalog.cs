using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.Emulation.Domain;

/// <summary>A yearly quality rating as CadreWork's RatingDecided tells it, best first (same names as the event).</summary>
public enum RatingGrade
{
    Excellent = 1, // HTXSNV
    Good = 2, // HTTNV
    Completed = 3, // HTNV
    NotCompleted = 4, // KHTNV
}

/// <summary>A title (danh hiệu) is earned by meeting criteria; a form (hình thức) rewards an achievement.</summary>
public enum AwardCategory
{
    Title = 1,
    Form = 2,
}

public enum AwardSubject
{
    Individual = 1,
    Collective = 2,
}

/// <summary>
/// A title that must be held in an unbroken run before this award: <paramref name="Count"/> times, the
/// last at most <paramref name="LastWithinYears"/> years before the award year, each at most
/// <paramref name="GapYears"/> years after the one before (1 for yearly titles).
/// </summary>
public sealed record TitleRun(string Code, int Count, int GapYears, int LastWithinYears);

/// <summary>
/// One kind of award, with who grants it (by level), what it needs, and the rule version it comes
/// from. Reference data: a change in the law is a new entry with its own effective period.
/// </summary>
public sealed record AwardKind(
    string Code,
    string Name,
    AwardCategory Category,
    AwardSubject Subject,
    CommendationLevel Level,
    string GrantedBy,
    RuleVersion Rule,
    RatingGrade? MinimumRating = null,
    TitleRun? Requires = null);

/// <summary>
/// The award kinds of Luật Thi đua, khen thưởng 2022 (06/2022/QH15, in force 1 January 2024) and
/// Nghị định 98/2023/NĐ-CP that the province's offices grant or propose.
/// </summary>
public static class AwardCatalog
{
    public static readonly RuleVersion Law2022 = new("tdkt-2022", "Luật Thi đua, khen thưởng 2022 (06/2022/QH15); Nghị định 98/2023/NĐ-CP", new(2024, 1, 1), null);

    public const string LaborAdvanced = "lao-dong-tien-tien";
    public const string EmulationFighterGrassroots = "chien-si-thi-dua-co-so";
    public const string EmulationFighterProvince = "chien-si-thi-dua-tinh";
    public const string EmulationFighterNational = "chien-si-thi-dua-toan-quoc";

    public static IReadOnlyList<AwardKind> All { get; } =
    [
        new(LaborAdvanced, "Lao động tiên tiến", AwardCategory.Title, AwardSubject.Individual, CommendationLevel.Grassroots,
            "Thủ trưởng cơ quan, đơn vị", Law2022, MinimumRating: RatingGrade.Good),
        new(EmulationFighterGrassroots, "Chiến sĩ thi đua cơ sở", AwardCategory.Title, AwardSubject.Individual, CommendationLevel.Grassroots,
            "Thủ trưởng cơ quan, đơn vị", Law2022, MinimumRating: RatingGrade.Good, Requires: new(LaborAdvanced, 1, 1, 0)),
        // Three unbroken years of the grassroots title, the last in the award year or the year before.
        new(EmulationFighterProvince, "Chiến sĩ thi đua cấp tỉnh", AwardCategory.Title, AwardSubject.Individual, CommendationLevel.Province,
            "Chủ tịch Ủy ban nhân dân tỉnh", Law2022, MinimumRating: RatingGrade.Good, Requires: new(EmulationFighterGrassroots, 3, 1, 1)),
        // Two provincial titles in a row: the provincial title rewards three years, so the second comes within three years of the first.
        new(EmulationFighterNational, "Chiến sĩ thi đua toàn quốc", AwardCategory.Title, AwardSubject.Individual, CommendationLevel.Central,
            "Thủ tướng Chính phủ", Law2022, MinimumRating: RatingGrade.Good, Requires: new(EmulationFighterProvince, 2, 3, 1)),
        new("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", AwardCategory.Title, AwardSubject.Collective, CommendationLevel.Grassroots,
            "Thủ trưởng cơ quan, đơn vị", Law2022, MinimumRating: RatingGrade.Good),
        new("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", AwardCategory.Title, AwardSubject.Collective, CommendationLevel.Province,
            "Chủ tịch Ủy ban nhân dân tỉnh", Law2022, MinimumRating: RatingGrade.Excellent),
        new("co-thi-dua-tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh", AwardCategory.Title, AwardSubject.Collective, CommendationLevel.Province,
            "Chủ tịch Ủy ban nhân dân tỉnh", Law2022, MinimumRating: RatingGrade.Excellent),
        new("giay-khen", "Giấy khen", AwardCategory.Form, AwardSubject.Individual, CommendationLevel.Grassroots,
            "Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân cấp xã", Law2022),
        new("giay-khen-tap-the", "Giấy khen (tập thể)", AwardCategory.Form, AwardSubject.Collective, CommendationLevel.Grassroots,
            "Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân cấp xã", Law2022),
        new("bang-khen-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", AwardCategory.Form, AwardSubject.Individual, CommendationLevel.Province,
            "Chủ tịch Ủy ban nhân dân tỉnh", Law2022),
        new("bang-khen-tinh-tap-the", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)", AwardCategory.Form, AwardSubject.Collective, CommendationLevel.Province,
            "Chủ tịch Ủy ban nhân dân tỉnh", Law2022),
        new("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", AwardCategory.Form, AwardSubject.Individual, CommendationLevel.Central,
            "Thủ tướng Chính phủ", Law2022),
    ];

    /// <summary>The kind with this code in force on the date, if any.</summary>
    public static AwardKind? Find(string code, DateOnly on) =>
        All.FirstOrDefault(k => k.Code == code && k.Rule.InForceOn(on));
}
