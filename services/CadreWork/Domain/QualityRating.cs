using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.CadreWork.Domain;

/// <summary>Xếp loại chất lượng, best first.</summary>
public enum RatingGrade
{
    /// <summary>HTXSNV: hoàn thành xuất sắc nhiệm vụ.</summary>
    Excellent = 1,

    /// <summary>HTTNV: hoàn thành tốt nhiệm vụ.</summary>
    Good = 2,

    /// <summary>HTNV: hoàn thành nhiệm vụ.</summary>
    Completed = 3,

    /// <summary>KHTNV: không hoàn thành nhiệm vụ.</summary>
    NotCompleted = 4,
}

/// <summary>Score bands of a points-based rating regulation (100 points: general criteria + task results).</summary>
public sealed record ScoreBands(int GeneralMax, int TaskMax, int Excellent, int Good, int Completed);

/// <summary>What the rater puts in: a score (when the regulation scores) or the grade the committee proposes, and the facts the caps look at.</summary>
public sealed record RatingInput(
    DateOnly RatingDate,
    int PeriodYear,
    decimal? GeneralScore,
    decimal? TaskScore,
    bool AllTasksOnTime,
    RatingGrade? ProposedGrade,
    IReadOnlyList<DisciplineRecord> Disciplines,
    bool IsCollective = false,
    bool LeadershipMemberDisciplined = false);

/// <summary>A cap that lowered the grade, and the rule that imposed it.</summary>
public sealed record AppliedCap(RuleVersion Rule, RatingGrade CappedTo, string Reason);

/// <summary>The outcome: the grade, the grade before caps, and every rule version that produced it.</summary>
public sealed record RatingOutcome(RatingGrade Grade, RatingGrade Uncapped, RuleVersion Rule, IReadOnlyList<AppliedCap> Caps)
{
    public IEnumerable<string> RuleIds => new[] { Rule.Id }.Concat(Caps.Select(c => c.Rule.Id)).Distinct();
}

/// <summary>Input problems, each naming its field.</summary>
public sealed class RatingInputException(IReadOnlyList<(string Field, string Problem)> problems)
    : Exception(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Problem}")))
{
    public IReadOnlyList<(string Field, string Problem)> Problems { get; } = problems;
}

/// <summary>
/// Quality rating (xếp loại chất lượng). The regulation in force on the rating date decides how a
/// grade is reached: Quy định 366-QĐ/TW (30/8/2025) scores 100 points (30 general + 70 task results):
/// HTXSNV ≥ 90 with every task on time, HTTNV 70–&lt;90, HTNV 50–&lt;70, KHTNV &lt; 50. Under
/// Quy định 124-QĐ/TW (before it) the grade is the committee's judgement against the criteria, not a
/// score, so the proposed grade is taken as given. Then the caps apply (see <see cref="RatingCaps"/>).
/// </summary>
public static class QualityRating
{
    public static readonly RuleVersion Regulation124 = new("rating/124-QD-TW", "Quy định 124-QĐ/TW", new(2023, 10, 4), new(2025, 8, 29));
    public static readonly RuleVersion Regulation366 = new("rating/366-QD-TW", "Quy định 366-QĐ/TW", new(2025, 8, 30), null);

    /// <summary>Null bands: the version grades by criteria, not by points.</summary>
    public static readonly RuleBook<ScoreBands?> Book = new("quality rating",
    [
        (Regulation124, null),
        (Regulation366, new ScoreBands(GeneralMax: 30, TaskMax: 70, Excellent: 90, Good: 70, Completed: 50)),
    ]);

    public static RatingOutcome Decide(RatingInput input)
    {
        var (rule, bands) = Book.InForceOn(input.RatingDate);
        var uncapped = bands is null ? ByJudgement(input, rule) : ByScore(input, bands, rule);
        var caps = RatingCaps.Apply(input, uncapped);
        var grade = caps.Count == 0 ? uncapped : caps.Max(c => c.CappedTo);
        return new RatingOutcome(grade, uncapped, rule, caps);
    }

    private static RatingGrade ByJudgement(RatingInput input, RuleVersion rule) =>
        input.ProposedGrade ?? throw new RatingInputException(
            [("rating.proposed_grade", $"is required: under {rule.LegalBasis} the grade is decided against the criteria, not computed from a score.")]);

    private static RatingGrade ByScore(RatingInput input, ScoreBands bands, RuleVersion rule)
    {
        var problems = new List<(string, string)>();
        if (input.GeneralScore is not { } general || general < 0 || general > bands.GeneralMax)
        {
            problems.Add(("rating.general_score", $"is required under {rule.LegalBasis}: 0 to {bands.GeneralMax} points."));
        }

        if (input.TaskScore is not { } task || task < 0 || task > bands.TaskMax)
        {
            problems.Add(("rating.task_score", $"is required under {rule.LegalBasis}: 0 to {bands.TaskMax} points."));
        }

        if (problems.Count > 0)
        {
            throw new RatingInputException(problems);
        }

        var total = input.GeneralScore!.Value + input.TaskScore!.Value;
        return total switch
        {
            _ when total >= bands.Excellent && input.AllTasksOnTime => RatingGrade.Excellent,
            _ when total >= bands.Good => RatingGrade.Good,
            _ when total >= bands.Completed => RatingGrade.Completed,
            _ => RatingGrade.NotCompleted,
        };
    }
}

/// <summary>
/// Rules that cap a grade (set out in Quy định 124-QĐ/TW and kept as versioned rules): any discipline
/// in the rated year → KHTNV unless the person detected and remedied it themselves; a collective with
/// a disciplined leadership member cannot be HTXSNV.
/// </summary>
public static class RatingCaps
{
    public static readonly RuleVersion DisciplineInYear = new("rating-cap/discipline-in-year/124-QD-TW", "Quy định 124-QĐ/TW", new(2023, 10, 4), null);
    public static readonly RuleVersion CollectiveLeadership = new("rating-cap/collective-leadership/124-QD-TW", "Quy định 124-QĐ/TW", new(2023, 10, 4), null);

    public static IReadOnlyList<AppliedCap> Apply(RatingInput input, RatingGrade grade)
    {
        var caps = new List<AppliedCap>();
        if (DisciplineInYear.InForceOn(input.RatingDate))
        {
            var inYear = input.Disciplines.Where(d => InPeriod(d, input.PeriodYear, input.RatingDate)).ToList();
            var counted = inYear.FirstOrDefault(d => !d.SelfDetectedAndRemedied);
            if (counted is not null && grade < RatingGrade.NotCompleted)
            {
                caps.Add(new AppliedCap(DisciplineInYear, RatingGrade.NotCompleted,
                    $"{WaitingPeriod.FormName(counted.Form)} decided on {counted.DecisionDate:yyyy-MM-dd} in {input.PeriodYear}: "
                    + $"under {DisciplineInYear.LegalBasis} the rating is KHTNV unless the violation was self-detected and remedied."));
            }
        }

        if (input.IsCollective && input.LeadershipMemberDisciplined && grade == RatingGrade.Excellent && CollectiveLeadership.InForceOn(input.RatingDate))
        {
            caps.Add(new AppliedCap(CollectiveLeadership, RatingGrade.Good,
                $"a member of the collective's leadership was disciplined: under {CollectiveLeadership.LegalBasis} the collective cannot be HTXSNV."));
        }

        return caps;
    }

    /// <summary>
    /// The fact behind the collective cap: a leadership member's file has a discipline decided in the
    /// rated year, up to the rating date. Self-detection does not exempt here: the cap is on the
    /// collective, whose leadership was still disciplined.
    /// </summary>
    public static bool LeadershipDisciplined(IEnumerable<DisciplineRecord> leadershipDisciplines, int periodYear, DateOnly ratingDate) =>
        leadershipDisciplines.Any(d => InPeriod(d, periodYear, ratingDate));

    private static bool InPeriod(DisciplineRecord d, int periodYear, DateOnly ratingDate) =>
        d.DecisionDate.Year == periodYear && d.DecisionDate <= ratingDate;
}

/// <summary>The verdict of the quota check.</summary>
public sealed record QuotaCheck(bool Within, RuleVersion Rule, int Excellent, int Good, string Message);

/// <summary>What the quota made of a rating: refused (no reason given), or allowed with the reason kept when it overrode.</summary>
public sealed record QuotaDecision(bool Refused, QuotaCheck? Check, string? KeptOverrideReason)
{
    /// <summary>The quota rule joins the decision's rule trail when it was overridden.</summary>
    public RuleVersion? OverriddenRule => KeptOverrideReason is null ? null : Check?.Rule;

    /// <summary>Every rule version behind the rating: the outcome's, and the quota's when it was overridden.</summary>
    public List<string> RuleTrail(RatingOutcome outcome) => [.. outcome.RuleIds, .. OverriddenRule is { } rule ? [rule.Id] : Array.Empty<string>()];
}

/// <summary>
/// HTXSNV is limited to 20% of those rated HTTNV in the same organisation and period (Quy định
/// 124-QĐ/TW); more needs an override with a written reason, which is kept. The same rule holds
/// for people (counted in their unit) and for collectives (counted among the units of the
/// organisation above them).
/// </summary>
public static class ExcellenceQuota
{
    public static readonly RuleVersion Rule124 = new("rating-quota/20-percent/124-QD-TW", "Quy định 124-QĐ/TW", new(2023, 10, 4), null);

    public static readonly RuleBook<int> Book = new("HTXSNV quota", [(Rule124, 20)]);

    /// <param name="excellentIncludingThis">HTXSNV ratings in the organisation and period, counting the one being decided.</param>
    /// <param name="good">HTTNV ratings in the organisation and period.</param>
    public static QuotaCheck Check(DateOnly ratingDate, int excellentIncludingThis, int good)
    {
        var (rule, percent) = Book.InForceOn(ratingDate);
        // Integers only: exactly 20% is within the quota.
        var within = excellentIncludingThis * 100 <= percent * good;
        var message = within
            ? $"{excellentIncludingThis} HTXSNV against {good} HTTNV is within {percent}% ({rule.LegalBasis})."
            : $"{excellentIncludingThis} HTXSNV against {good} HTTNV exceeds {percent}% of HTTNV in the organisation ({rule.LegalBasis}); an override needs a written reason.";
        return new QuotaCheck(within, rule, excellentIncludingThis, good, message);
    }

    /// <param name="grade">The grade after caps; only HTXSNV is counted against the quota.</param>
    /// <param name="otherExcellent">HTXSNV ratings of the others in the organisation and period.</param>
    /// <param name="good">HTTNV ratings in the organisation and period.</param>
    /// <param name="overrideReason">The written reason to exceed the quota, if any; kept only when it was needed.</param>
    public static QuotaDecision Decide(RatingGrade grade, DateOnly ratingDate, int otherExcellent, int good, string? overrideReason)
    {
        if (grade != RatingGrade.Excellent)
        {
            return new QuotaDecision(false, null, null);
        }

        var check = Check(ratingDate, otherExcellent + 1, good);
        var reason = string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason.Trim();
        return check.Within ? new QuotaDecision(false, check, null)
            : reason is null ? new QuotaDecision(true, check, null)
            : new QuotaDecision(false, check, reason);
    }
}
