using NgheAn.CadreWork.Domain;
using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class DisciplineWaitingPeriodsTests
{
    private static readonly DateOnly SwitchOver = new(2025, 10, 8); // Quy định 377-QĐ/TW in force

    [Theory]
    [InlineData(DisciplineForm.Reprimand, 12)]
    [InlineData(DisciplineForm.Warning, 30)]
    [InlineData(DisciplineForm.Dismissal, 60)]
    public void A_decision_the_day_before_the_switch_over_uses_regulation_80(DisciplineForm form, int months)
    {
        var decided = SwitchOver.AddDays(-1);
        var period = DisciplineWaitingPeriods.For(new DisciplineRecord(form, decided));

        Assert.Equal(DisciplineWaitingPeriods.Regulation80, period.Rule);
        Assert.Equal(months, period.Months);
        Assert.Equal(decided.AddMonths(months), period.EligibleFrom);
    }

    [Theory]
    [InlineData(DisciplineForm.Reprimand, 24)]
    [InlineData(DisciplineForm.Warning, 36)]
    [InlineData(DisciplineForm.Dismissal, 60)]
    public void A_decision_on_the_switch_over_day_uses_regulation_377(DisciplineForm form, int months)
    {
        var period = DisciplineWaitingPeriods.For(new DisciplineRecord(form, SwitchOver));

        Assert.Equal(DisciplineWaitingPeriods.Regulation377, period.Rule);
        Assert.Equal(months, period.Months);
        Assert.Equal(SwitchOver.AddMonths(months), period.EligibleFrom);
    }

    [Fact]
    public void The_period_blocks_on_its_last_day_and_not_on_the_day_after()
    {
        var discipline = new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2025, 11, 3));
        var lastDay = new DateOnly(2027, 11, 2);

        var blocking = DisciplineWaitingPeriods.Blocking([discipline], lastDay);
        Assert.NotNull(blocking);
        Assert.Equal(new DateOnly(2027, 11, 3), blocking.EligibleFrom);
        Assert.Null(DisciplineWaitingPeriods.Blocking([discipline], lastDay.AddDays(1)));
    }

    [Fact]
    public void A_discipline_under_regulation_80_ends_after_12_months_even_when_checked_under_377()
    {
        var discipline = new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2025, 10, 7));

        Assert.NotNull(DisciplineWaitingPeriods.Blocking([discipline], new DateOnly(2026, 10, 6)));
        Assert.Null(DisciplineWaitingPeriods.Blocking([discipline], new DateOnly(2026, 10, 7)));
    }

    [Fact]
    public void A_discipline_decided_after_the_date_checked_does_not_block_it()
    {
        var discipline = new DisciplineRecord(DisciplineForm.Warning, new DateOnly(2026, 3, 1));

        Assert.Null(DisciplineWaitingPeriods.Blocking([discipline], new DateOnly(2026, 2, 28)));
    }

    [Fact]
    public void The_longest_running_period_is_reported()
    {
        var reprimand = new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2026, 1, 1));
        var warning = new DisciplineRecord(DisciplineForm.Warning, new DateOnly(2025, 12, 1));

        var blocking = DisciplineWaitingPeriods.Blocking([reprimand, warning], new DateOnly(2026, 6, 1));

        Assert.Equal(warning, blocking!.Discipline);
        Assert.Equal(new DateOnly(2028, 12, 1), blocking.EligibleFrom);
    }

    [Fact]
    public void Expulsion_blocks_for_good()
    {
        var discipline = new DisciplineRecord(DisciplineForm.Expulsion, new DateOnly(2020, 1, 1));

        var blocking = DisciplineWaitingPeriods.Blocking([discipline], new DateOnly(2040, 1, 1));

        Assert.NotNull(blocking);
        Assert.Null(blocking.EligibleFrom);
    }

    [Fact]
    public void The_refusal_names_the_rule_and_the_end_date()
    {
        var period = DisciplineWaitingPeriods.For(new DisciplineRecord(DisciplineForm.Warning, new DateOnly(2025, 11, 3)));

        var message = period.Describe("Appointment");

        Assert.Contains("Quy định 377-QĐ/TW", message);
        Assert.Contains("2028-11-03", message);
        Assert.Contains("2028-11-02", message);
    }

    [Fact]
    public void No_version_is_known_before_regulation_80()
    {
        Assert.Throws<RuleNotInForceException>(() => DisciplineWaitingPeriods.For(new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2022, 8, 17))));
    }
}

public sealed class DisciplineAppealTests
{
    [Fact]
    public void An_upheld_discipline_keeps_its_form() =>
        Assert.Equal(DisciplineForm.Warning, DisciplineAppeal.FormAfter(DisciplineForm.Warning, DisciplineAppeal.Upheld, null));

    [Fact]
    public void A_changed_discipline_takes_the_new_form() =>
        Assert.Equal(DisciplineForm.Reprimand, DisciplineAppeal.FormAfter(DisciplineForm.Warning, DisciplineAppeal.Changed, "Reprimand"));

    [Fact]
    public void An_annulled_discipline_leaves_no_form() =>
        Assert.Null(DisciplineAppeal.FormAfter(DisciplineForm.Dismissal, DisciplineAppeal.Annulled, null));

    [Theory]
    [InlineData("changed", null)]
    [InlineData("changed", "2")]
    [InlineData("changed", "reprimand")]
    [InlineData("overturned", null)]
    public void An_unknown_outcome_or_a_change_without_a_known_form_is_refused(string outcome, string? form) =>
        Assert.Throws<ArgumentException>(() => DisciplineAppeal.FormAfter(DisciplineForm.Warning, outcome, form));

    [Fact]
    public void A_changed_form_keeps_the_first_decisions_date_for_its_waiting_period()
    {
        // Warning of 1/12/2025 reduced to reprimand on appeal: 24 months (Quy định 377) from the first decision.
        var changed = DisciplineAppeal.FormAfter(DisciplineForm.Warning, DisciplineAppeal.Changed, "Reprimand")!.Value;
        var period = DisciplineWaitingPeriods.For(new DisciplineRecord(changed, new DateOnly(2025, 12, 1)));
        Assert.Equal(new DateOnly(2027, 12, 1), period.EligibleFrom);
    }
}
