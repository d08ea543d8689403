namespace NgheAn.Supervision.Domain;

/// <summary>Giám sát thường xuyên, chuyên đề, or kiểm tra khi có dấu hiệu vi phạm.</summary>
public enum InspectionKind
{
    Regular = 1,
    Thematic = 2,
    SignsOfViolation = 3,
}

/// <summary>Prepare (decision, plan, team, notice) → conduct → conclude (conclusion, follow-up).</summary>
public enum InspectionStage
{
    Prepare = 1,
    Conduct = 2,
    Conclude = 3,
}

/// <summary>
/// The stages of a case under Quy định 296-QĐ/TW (2025): each moves only to the next one, on a day
/// not before the previous stage's. Null when the move is allowed, else the refusal's text.
/// </summary>
public static class InspectionStages
{
    public const string LegalBasis = "Quy định 296-QĐ/TW (2025) về công tác kiểm tra, giám sát và kỷ luật của Đảng";

    public static string? CheckMove(InspectionStage from, InspectionStage to, DateOnly since, DateOnly on)
    {
        if (to != from + 1)
        {
            return $"a case in stage {Name(from)} cannot move to {Name(to)}: the stages are prepare → conduct → conclude.";
        }

        return on < since ? $"must not be before {since:yyyy-MM-dd}, when the {Name(from)} stage began." : null;
    }

    /// <summary>Cases on signs of violation are opened one by one; the others come from a programme.</summary>
    public static bool NeedsProgramme(InspectionKind kind) => kind != InspectionKind.SignsOfViolation;

    public static string Name(InspectionStage stage) => stage switch
    {
        InspectionStage.Prepare => "prepare",
        InspectionStage.Conduct => "conduct",
        _ => "conclude",
    };

    public static string Name(InspectionKind kind) => kind switch
    {
        InspectionKind.Regular => "regular",
        InspectionKind.Thematic => "thematic",
        _ => "signs-of-violation",
    };
}
