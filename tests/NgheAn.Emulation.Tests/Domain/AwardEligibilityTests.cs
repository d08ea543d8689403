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
}
