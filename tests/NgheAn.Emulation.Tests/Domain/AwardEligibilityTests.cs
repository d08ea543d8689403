using NgheAn.Emulation.Domain;

namespace NgheAn.Emulation.Tests.Domain;

public sealed class AwardEligibilityTests
{
    private static readonly DateOnly Decision = new(2025, 12, 15);

    private static NominationFacts Facts(string code, int year = 2025, RatingGrade? rating = RatingGrade.Good,
        HeldAward[]? held = null, PendingCase[]? cases = null, string? achievement = null) =>
        new(AwardCatalog.Find(code, Decision)!, year, Decision, achievement,
            rating is { } r ? new Dictionary<int, RatingGrade> { [year] = r } : new Dictionary<int, RatingGrade>(),
            held ?? [], cases ?? []);

    private static IEnumerable<string> Codes(Eligibility e) => e.Reasons.Select(r => r.Code);

    [Theory]
    [InlineData(RatingGrade.Excellent, true)]
    [InlineData(RatingGrade.Good, true)]
    [InlineData(RatingGrade.Completed, false)]
    [InlineData(RatingGrade.NotCompleted, false)]
    public void Lao_dong_tien_tien_needs_HTTNV_or_better(RatingGrade grade, bool eligible)
    {
        var result = AwardEligibility.Check(Facts(AwardCatalog.LaborAdvanced, rating: grade));
        Assert.Equal(eligible, result.Eligible);
        if (!eligible)
        {
            var reason = Assert.Single(result.Reasons);
            Assert.Equal("rating-too-low", reason.Code);
            Assert.Contains("HTTNV", reason.Message, StringComparison.Ordinal);
            Assert.Contains("06/2022/QH15", reason.LegalBasis, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_rating_is_a_reason_not_an_assumption()
    {
        Assert.Equal(["rating-missing"], Codes(AwardEligibility.Check(Facts(AwardCatalog.LaborAdvanced, rating: null))));
    }

    [Theory]
    [InlineData(new[] { 2023, 2024, 2025 }, true)]
    [InlineData(new[] { 2022, 2023, 2024 }, true)] // the last one in the year before the award
    [InlineData(new[] { 2021, 2022, 2023 }, false)] // too long ago
    [InlineData(new[] { 2022, 2024, 2025 }, false)] // broken run
    [InlineData(new[] { 2024, 2025 }, false)] // only two
    public void Provincial_emulation_fighter_needs_three_consecutive_grassroots_titles(int[] years, bool eligible)
    {
        var held = years.Select(y => new HeldAward(AwardCatalog.EmulationFighterGrassroots, y, null)).ToArray();
        var result = AwardEligibility.Check(Facts(AwardCatalog.EmulationFighterProvince, held: held));
        Assert.Equal(eligible, result.Eligible);
        Assert.Equal(eligible ? [] : ["title-run-missing"], Codes(result));
    }

    [Fact]
    public void A_revoked_title_breaks_the_run()
    {
        HeldAward[] held =
        [
            new(AwardCatalog.EmulationFighterGrassroots, 2023, null),
            new(AwardCatalog.EmulationFighterGrassroots, 2024, null, Revoked: true),
            new(AwardCatalog.EmulationFighterGrassroots, 2025, null),
        ];
        Assert.Equal(["title-run-missing"], Codes(AwardEligibility.Check(Facts(AwardCatalog.EmulationFighterProvince, held: held))));
    }

    [Theory]
    [InlineData(2022, 2025, true)] // the next provincial title three years on: in a row
    [InlineData(2019, 2025, false)] // a cycle missed
    public void National_emulation_fighter_needs_two_provincial_titles_in_a_row(int first, int second, bool eligible)
    {
        HeldAward[] held = [new(AwardCatalog.EmulationFighterProvince, first, null), new(AwardCatalog.EmulationFighterProvince, second, null)];
        Assert.Equal(eligible, AwardEligibility.Check(Facts(AwardCatalog.EmulationFighterNational, held: held)).Eligible);
    }

    [Fact]
    public void Chien_si_thi_dua_co_so_needs_the_same_years_Lao_dong_tien_tien()
    {
        Assert.Equal(["title-run-missing"], Codes(AwardEligibility.Check(Facts(AwardCatalog.EmulationFighterGrassroots,
            held: [new(AwardCatalog.LaborAdvanced, 2024, null)]))));
        Assert.True(AwardEligibility.Check(Facts(AwardCatalog.EmulationFighterGrassroots, held: [new(AwardCatalog.LaborAdvanced, 2025, null)])).Eligible);
    }

    [Theory]
    [InlineData(PendingCase.Discipline)]
    [InlineData(PendingCase.Inspection)]
    [InlineData(PendingCase.Complaint)]
    public void No_award_while_a_case_is_open_on_the_decision_date(string kind)
    {
        var open = new PendingCase(kind, "case-7", Decision.AddDays(-30), null);
        var reason = Assert.Single(AwardEligibility.Check(Facts("bang-khen-tinh", cases: [open])).Reasons);
        Assert.Equal($"{kind}-pending", reason.Code);
        Assert.Contains("case-7", reason.Message, StringComparison.Ordinal);

        Assert.True(AwardEligibility.Check(Facts("bang-khen-tinh", cases: [open with { ClosedOn = Decision }])).Eligible);
        Assert.False(AwardEligibility.Check(Facts("bang-khen-tinh", cases: [open with { ClosedOn = Decision.AddDays(1) }])).Eligible);
        Assert.True(AwardEligibility.Check(Facts("bang-khen-tinh", cases: [open with { OpenedOn = Decision.AddDays(1) }])).Eligible);
    }

    [Fact]
    public void One_achievement_one_award_unless_the_first_was_revoked()
    {
        var first = new HeldAward("giay-khen", 2025, "thanh-tich-42");
        Assert.Equal(["achievement-already-awarded"], Codes(AwardEligibility.Check(Facts("bang-khen-tinh", held: [first], achievement: "thanh-tich-42"))));
        Assert.True(AwardEligibility.Check(Facts("bang-khen-tinh", held: [first with { Revoked = true }], achievement: "thanh-tich-42")).Eligible);
        Assert.True(AwardEligibility.Check(Facts("bang-khen-tinh", held: [first], achievement: "thanh-tich-43")).Eligible);
    }

    [Fact]
    public void A_title_is_granted_once_a_year_and_every_reason_is_listed()
    {
        var result = AwardEligibility.Check(Facts(AwardCatalog.LaborAdvanced, rating: RatingGrade.Completed,
            held: [new(AwardCatalog.LaborAdvanced, 2025, null)],
            cases: [new(PendingCase.Discipline, "kl-3", new(2025, 11, 1), null)]));
        Assert.Equal(["rating-too-low", "discipline-pending", "title-already-held"], Codes(result));
    }

    [Fact]
    public void Awards_from_the_violations_year_on_are_reviewed_for_revocation()
    {
        HeldAward[] awards = [new("giay-khen", 2023, null), new(AwardCatalog.LaborAdvanced, 2025, null), new("bang-khen-tinh", 2026, null), new("giay-khen", 2025, null, Revoked: true)];
        var review = AwardEligibility.ToReviewAfterViolation(awards, new(2025, 3, 1));
        Assert.Equal([2025, 2026], review.Select(a => a.Year));
    }

    [Fact]
    public void Every_award_kind_has_a_legal_basis_and_a_known_prerequisite()
    {
        Assert.All(AwardCatalog.All, k =>
        {
            Assert.False(string.IsNullOrWhiteSpace(k.Rule.LegalBasis));
            Assert.True(k.Requires is null || AwardCatalog.All.Any(o => o.Code == k.Requires.Code));
        });
        Assert.Equal(AwardCatalog.All.Count, AwardCatalog.All.Select(k => k.Code).Distinct().Count());
        Assert.Null(AwardCatalog.Find(AwardCatalog.LaborAdvanced, new(2023, 12, 31))); // before the 2022 law took effect
    }

    /// <summary>Each rule's reason, as the caller gets it: its code, a message naming what is missing, and the legal basis.</summary>
    public static TheoryData<string, string, string[]> Reasons() => new()
    {
        { "rating-too-low", AwardCatalog.LaborAdvanced, ["Lao động tiên tiến", "HTTNV or better in 2025", "the rating was HTNV"] },
        { "rating-missing", AwardCatalog.LaborAdvanced, ["quality rating of 2025", "not known yet"] },
        { "title-run-missing", AwardCatalog.EmulationFighterProvince, ["3 consecutive Chiến sĩ thi đua cơ sở titles", "the last in 2024 or later"] },
        { "title-run-missing", AwardCatalog.EmulationFighterGrassroots, ["needs the title Lao động tiên tiến in 2025"] },
        { "discipline-pending", "bang-khen-tinh", ["discipline is pending", "Reprimand 12-QĐ/UBKTTU", "since 2025-03-10"] },
        { "inspection-pending", "bang-khen-tinh", ["inspection is pending", "since 2025-03-10"] },
        { "complaint-pending", "bang-khen-tinh", ["complaint is pending", "since 2025-03-10"] },
        { "achievement-already-awarded", "bang-khen-tinh", ["thanh-tich-42", "one achievement, one award"] },
        { "title-already-held", AwardCatalog.LaborAdvanced, ["Lao động tiên tiến was already granted for 2025"] },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Every_rule_explains_its_refusal_with_the_legal_basis(string code, string kind, string[] phrases)
    {
        var facts = code switch
        {
            "rating-too-low" => Facts(kind, rating: RatingGrade.Completed),
            "rating-missing" => Facts(kind, rating: null),
            "title-run-missing" => Facts(kind),
            "achievement-already-awarded" => Facts(kind, held: [new("giay-khen", 2024, "thanh-tich-42")], achievement: "thanh-tich-42"),
            "title-already-held" => Facts(kind, held: [new(AwardCatalog.LaborAdvanced, 2025, null)]),
            _ => Facts(kind, cases: [new(code.Split('-')[0], code == "discipline-pending" ? "Reprimand 12-QĐ/UBKTTU" : "ref", new(2025, 3, 10), null)]),
        };

        var reason = Assert.Single(AwardEligibility.Check(facts).Reasons);

        Assert.Equal(code, reason.Code);
        Assert.All(phrases, phrase => Assert.Contains(phrase, reason.Message, StringComparison.Ordinal));
        Assert.Contains("06/2022/QH15", reason.LegalBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Collective_titles_need_the_collectives_rating()
    {
        Assert.Equal(["rating-too-low"], Codes(AwardEligibility.Check(Facts("tap-the-lao-dong-xuat-sac", rating: RatingGrade.Good))));
        Assert.True(AwardEligibility.Check(Facts("tap-the-lao-dong-xuat-sac", rating: RatingGrade.Excellent)).Eligible);
        Assert.True(AwardEligibility.Check(Facts("tap-the-lao-dong-tien-tien", rating: RatingGrade.Good)).Eligible);
    }

    [Fact]
    public void Forms_need_no_rating_but_still_no_open_case()
    {
        Assert.True(AwardEligibility.Check(Facts("giay-khen", rating: null)).Eligible);
        Assert.Equal(["complaint-pending"], Codes(AwardEligibility.Check(Facts("giay-khen", rating: null,
            cases: [new(PendingCase.Complaint, "denunciation", new(2025, 1, 5), null)]))));
    }

    [Fact]
    public void The_catalogue_states_each_kinds_requirements_in_words()
    {
        var province = AwardEligibility.Requirements(AwardCatalog.Find(AwardCatalog.EmulationFighterProvince, Decision)!);
        Assert.Contains("A quality rating of HTTNV or better in the award year.", province);
        Assert.Contains("3 consecutive Chiến sĩ thi đua cơ sở titles, the last at most 1 year(s) before the award year.", province);
        Assert.Contains("No discipline, inspection or complaint pending against the person.", province);

        var form = AwardEligibility.Requirements(AwardCatalog.Find("bang-khen-tinh", Decision)!);
        Assert.DoesNotContain(form, r => r.Contains("rating", StringComparison.Ordinal));
    }
}
