using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Tests.Domain;

public sealed class DisciplineRulesTests
{
    private static readonly DateOnly Decision = new(2025, 10, 20);

    [Theory]
    [InlineData(DisciplineSubject.FullMember, DisciplineForm.Reprimand, true)]
    [InlineData(DisciplineSubject.FullMember, DisciplineForm.Warning, true)]
    [InlineData(DisciplineSubject.FullMember, DisciplineForm.Dismissal, true)]
    [InlineData(DisciplineSubject.FullMember, DisciplineForm.Expulsion, true)]
    [InlineData(DisciplineSubject.FullMember, DisciplineForm.Dissolution, false)]
    [InlineData(DisciplineSubject.ProbationaryMember, DisciplineForm.Reprimand, true)]
    [InlineData(DisciplineSubject.ProbationaryMember, DisciplineForm.Warning, true)]
    [InlineData(DisciplineSubject.ProbationaryMember, DisciplineForm.Dismissal, false)]
    [InlineData(DisciplineSubject.ProbationaryMember, DisciplineForm.Expulsion, false)]
    [InlineData(DisciplineSubject.Organisation, DisciplineForm.Reprimand, true)]
    [InlineData(DisciplineSubject.Organisation, DisciplineForm.Warning, true)]
    [InlineData(DisciplineSubject.Organisation, DisciplineForm.Dissolution, true)]
    [InlineData(DisciplineSubject.Organisation, DisciplineForm.Dismissal, false)]
    [InlineData(DisciplineSubject.Organisation, DisciplineForm.Expulsion, false)]
    public void Each_subject_has_its_own_forms(DisciplineSubject subject, DisciplineForm form, bool allowed)
    {
        var refusal = DisciplineRules.Check(subject, form, Decision, holdsPosition: true);
        Assert.Equal(allowed, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal("form", refusal.Field);
            Assert.Contains("69-QĐ/TW", refusal.LegalBasis, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dismissal_needs_a_position_to_dismiss_from()
    {
        Assert.NotNull(DisciplineRules.Check(DisciplineSubject.FullMember, DisciplineForm.Dismissal, Decision, holdsPosition: false));
    }

    [Fact]
    public void Before_Quy_dinh_69_took_effect_no_version_is_known()
    {
        Assert.Throws<NgheAn.ServiceDefaults.Rules.RuleNotInForceException>(() =>
            DisciplineRules.Check(DisciplineSubject.FullMember, DisciplineForm.Warning, new(2022, 7, 5), holdsPosition: true));
        Assert.Null(DisciplineRules.Check(DisciplineSubject.FullMember, DisciplineForm.Warning, new(2022, 7, 6), holdsPosition: true));
    }

    [Fact]
    public void A_decision_ends_its_effect_twelve_months_after_announcement_except_expulsion_and_dissolution()
    {
        Assert.Equal(new DateOnly(2026, 10, 20), DisciplineRules.EffectEnds(DisciplineForm.Warning, Decision).EndsOn);
        Assert.Equal(new DateOnly(2025, 2, 28), DisciplineRules.EffectEnds(DisciplineForm.Reprimand, new(2024, 2, 29)).EndsOn);
        Assert.Null(DisciplineRules.EffectEnds(DisciplineForm.Expulsion, Decision).EndsOn);
        Assert.Null(DisciplineRules.EffectEnds(DisciplineForm.Dissolution, Decision).EndsOn);
    }
}
