using NgheAn.Contracts.Events;
namespace NgheAn.Emulation.Domain;

/// <summary>A title or form the person (or collective) already holds; revoked ones no longer count.</summary>
public sealed record HeldAward(string Code, int Year, string? AchievementId, bool Revoked = false);

/// <summary>
/// A case against the person that blocks awards while it is open: a discipline in effect, an
/// inspection or a complaint (from Supervision's events). Closed on <see cref="ClosedOn"/> (null: open).
/// </summary>
public sealed record PendingCase(string Kind, string Reference, DateOnly OpenedOn, DateOnly? ClosedOn)
{
    public const string Discipline = "discipline";
    public const string Inspection = "inspection";
    public const string Complaint = "complaint";

    public bool OpenOn(DateOnly date) => OpenedOn <= date && (ClosedOn is null || date < ClosedOn);
}

/// <summary>Everything the rules look at for one nomination.</summary>
public sealed record NominationFacts(
    AwardKind Kind,
    int Year,
    DateOnly DecisionDate,
    string? AchievementId,
    IReadOnlyDictionary<int, RatingGrade> RatingsByYear,
    IReadOnlyList<HeldAward> Held,
    IReadOnlyList<PendingCase> Cases);

/// <summary>One reason a nomination fails, with the rule (legal basis) behind it.</summary>
public sealed record IneligibilityReason(string Code, [property: PersonalData] string Message, string LegalBasis);

public sealed record Eligibility(IReadOnlyList<IneligibilityReason> Reasons)
{
    public bool Eligible => Reasons.Count == 0;
}

/// <summary>
/// Whether an award may be granted, and if not every reason why: the rating the title needs, the
/// unbroken run of lower titles before a higher one, no award while a case is open against the
/// person, one achievement one award, and the same title once a year.
/// </summary>
public static class AwardEligibility
{
    public static Eligibility Check(NominationFacts facts)
    {
        var kind = facts.Kind;
        var basis = kind.Rule.LegalBasis;
        var reasons = new List<IneligibilityReason>();
        var held = facts.Held.Where(a => !a.Revoked).ToList();

        if (kind.MinimumRating is { } minimum)
        {
            if (!facts.RatingsByYear.TryGetValue(facts.Year, out var grade))
            {
                reasons.Add(new("rating-missing", $"{kind.Name} needs the quality rating of {facts.Year}, which is not known yet.", basis));
            }
            else if (grade > minimum)
            {
                reasons.Add(new("rating-too-low", $"{kind.Name} needs a rating of {Label(minimum)} or better in {facts.Year}; the rating was {Label(grade)}.", basis));
            }
        }

        if (kind.Requires is { } run && !HasRun(held, run, facts.Year))
        {
            var name = AwardCatalog.All.FirstOrDefault(k => k.Code == run.Code)?.Name ?? run.Code;
            reasons.Add(new("title-run-missing", run.Count == 1
                ? $"{kind.Name} needs the title {name} in {facts.Year}."
                : $"{kind.Name} needs {run.Count} consecutive {name} titles, the last in {facts.Year - run.LastWithinYears} or later.", basis));
        }

        foreach (var open in facts.Cases.Where(c => c.OpenOn(facts.DecisionDate)))
        {
            reasons.Add(new($"{open.Kind}-pending", $"No award while a {open.Kind} is pending against the person ({open.Reference}, since {open.OpenedOn:yyyy-MM-dd}).", basis));
        }

        if (facts.AchievementId is { } achievement && held.Any(a => a.AchievementId == achievement))
        {
            reasons.Add(new("achievement-already-awarded", $"The achievement {achievement} has already been awarded: one achievement, one award.", basis));
        }

        if (kind.Category == AwardCategory.Title && held.Any(a => a.Code == kind.Code && a.Year == facts.Year))
        {
            reasons.Add(new("title-already-held", $"{kind.Name} was already granted for {facts.Year}.", basis));
        }

        return new Eligibility(reasons);
    }

    /// <summary>What a kind of award needs, in words, as the catalogue shows it.</summary>
    public static IReadOnlyList<string> Requirements(AwardKind kind)
    {
        var needs = new List<string>();
        if (kind.MinimumRating is { } minimum)
        {
            needs.Add($"A quality rating of {Label(minimum)} or better in the award year.");
        }

        if (kind.Requires is { } run)
        {
            var name = AwardCatalog.All.FirstOrDefault(k => k.Code == run.Code)?.Name ?? run.Code;
            needs.Add(run.Count == 1
                ? $"The title {name} in the award year."
                : $"{run.Count} consecutive {name} titles, the last at most {run.LastWithinYears} year(s) before the award year.");
        }

        needs.Add("No discipline, inspection or complaint pending against the person.");
        needs.Add("One achievement, one award.");
        return needs;
    }

    /// <summary>
    /// Awards to review for revocation after a violation dated <paramref name="violationDate"/>: those
    /// not yet revoked whose year contains it or comes after it.
    /// </summary>
    public static IReadOnlyList<HeldAward> ToReviewAfterViolation(IEnumerable<HeldAward> awards, DateOnly violationDate) =>
        awards.Where(a => !a.Revoked && a.Year >= violationDate.Year).ToList();

    private static bool HasRun(IReadOnlyList<HeldAward> held, TitleRun run, int awardYear)
    {
        var years = held.Where(a => a.Code == run.Code && a.Year <= awardYear).Select(a => a.Year).Distinct().OrderDescending().ToList();
        if (years.Count < run.Count || awardYear - years[0] > run.LastWithinYears)
        {
            return false;
        }

        for (var i = 1; i < run.Count; i++)
        {
            if (years[i - 1] - years[i] > run.GapYears)
            {
                return false;
            }
        }

        return true;
    }

    private static string Label(RatingGrade grade) => grade switch
    {
        RatingGrade.Excellent => "HTXSNV",
        RatingGrade.Good => "HTTNV",
        RatingGrade.Completed => "HTNV",
        _ => "KHTNV",
    };
}
