using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Tests.Domain;

public sealed class DisciplineAppealTests
{
    private static readonly DateOnly Decision = new(2025, 10, 20);

    [Theory]
    [InlineData(AppealOutcome.Upheld)]
    [InlineData(AppealOutcome.Annulled)]
    public void Upholding_or_annulling_needs_no_form(AppealOutcome outcome)
    {
        Assert.Null(DisciplineRules.CheckAppeal(DisciplineSubject.FullMember, DisciplineForm.Warning, outcome, null, Decision, Decision.AddDays(40), false));
        Assert.Equal("form", DisciplineRules.CheckAppeal(DisciplineSubject.FullMember, DisciplineForm.Warning, outcome, DisciplineForm.Reprimand, Decision, Decision.AddDays(40), false)?.Field);
    }

    [Fact]
    public void A_changed_form_must_fit_the_subject_and_differ()
    {
        Assert.Null(DisciplineRules.CheckAppeal(DisciplineSubject.ProbationaryMember, DisciplineForm.Warning, AppealOutcome.Changed, DisciplineForm.Reprimand, Decision, Decision.AddDays(40), false));

        var notAllowed = DisciplineRules.CheckAppeal(DisciplineSubject.ProbationaryMember, DisciplineForm.Warning, AppealOutcome.Changed, DisciplineForm.Expulsion, Decision, Decision.AddDays(40), false);
        Assert.Equal("form", notAllowed?.Field);
        Assert.Contains("69-QĐ/TW", notAllowed!.LegalBasis, StringComparison.Ordinal);

        Assert.Contains("upheld", DisciplineRules.CheckAppeal(DisciplineSubject.FullMember, DisciplineForm.Warning, AppealOutcome.Changed, DisciplineForm.Warning, Decision, Decision.AddDays(40), false)?.Message, StringComparison.Ordinal);
        Assert.Equal("form", DisciplineRules.CheckAppeal(DisciplineSubject.FullMember, DisciplineForm.Warning, AppealOutcome.Changed, null, Decision, Decision.AddDays(40), false)?.Field);
    }

    [Fact]
    public void The_appeal_is_decided_after_the_decision()
    {
        var refusal = DisciplineRules.CheckAppeal(DisciplineSubject.FullMember, DisciplineForm.Warning, AppealOutcome.Upheld, null, Decision, Decision.AddDays(-1), false);
        Assert.Equal("decided_on", refusal?.Field);
    }
}
