using NgheAn.CadreWork.Domain;
using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class CadreRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(2, 2, true)] // the third person on the post, the third post of the person
    [InlineData(3, 0, false)]
    [InlineData(0, 3, false)]
    public void Planning_allows_three_people_per_post_and_three_posts_per_person(int peopleOnPost, int postsOfPerson, bool allowed)
    {
        var verdict = CadreRules.CheckPlanning(Today, peopleOnPost, postsOfPerson, []);

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(CadreRules.Planning377, verdict.Rule);
        if (!allowed)
        {
            Assert.Contains("Quy định 377-QĐ/TW", verdict.Message);
        }
    }

    [Fact]
    public void Planning_and_appointment_are_refused_while_a_waiting_period_runs()
    {
        var discipline = new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2025, 12, 1));

        var planning = CadreRules.CheckPlanning(new DateOnly(2027, 11, 30), 0, 0, [discipline]);
        var appointment = CadreRules.CheckAppointment(new DateOnly(2027, 11, 30), [discipline]);

        Assert.False(planning.Allowed);
        Assert.False(appointment.Allowed);
        Assert.Equal(DisciplineWaitingPeriods.Regulation377, appointment.Rule);
        Assert.Contains("2027-12-01", appointment.Message);
        Assert.True(CadreRules.CheckAppointment(new DateOnly(2027, 12, 1), [discipline]).Allowed);
        Assert.True(CadreRules.CheckPlanning(new DateOnly(2027, 12, 1), 0, 0, [discipline]).Allowed);
    }

    [Fact]
    public void An_appointment_lasts_five_years_and_the_notice_is_due_90_working_days_before_it_ends()
    {
        var dates = CadreRules.Term(new DateOnly(2025, 11, 1), VietnamWorkingDays.Default);

        Assert.Equal(new DateOnly(2030, 10, 31), dates.TermEnd);
        // 2 and 3 September 2030 are off (2/9 and the made-up 1/9, a Sunday), so two days earlier than weekdays alone.
        Assert.Equal(new DateOnly(2030, 6, 25), dates.NoticeDue);
        Assert.Equal(CadreRules.Appointment377, dates.Rule);
    }

    [Fact]
    public void The_notice_deadline_leaves_exactly_90_working_days()
    {
        var calendar = VietnamWorkingDays.Default;
        var dates = CadreRules.Term(new DateOnly(2026, 1, 5), calendar);

        var count = 0;
        for (var day = dates.NoticeDue.AddDays(1); day <= dates.TermEnd; day = day.AddDays(1))
        {
            count += calendar.IsWorkingDay(day) ? 1 : 0;
        }

        Assert.Equal(90, count);
        Assert.True(calendar.IsWorkingDay(dates.NoticeDue));
    }

    [Fact]
    public void No_appointment_rule_is_known_before_377()
    {
        Assert.Throws<RuleNotInForceException>(() => CadreRules.Term(new DateOnly(2025, 10, 7), VietnamWorkingDays.Default));
    }

    [Fact]
    public void Rotation_needs_ten_years_of_service_left()
    {
        var retirement = new DateOnly(2036, 3, 2);

        Assert.True(CadreRules.CheckRotation(new DateOnly(2026, 3, 2), retirement, []).Allowed); // exactly 10 years
        var refused = CadreRules.CheckRotation(new DateOnly(2026, 3, 3), retirement, []);
        Assert.False(refused.Allowed);
        Assert.Equal(CadreRules.Rotation377, refused.Rule);
        Assert.Contains("10 years", refused.Message);
    }

    [Theory]
    [InlineData(2021, Sex.Male, 60 * 12 + 3)]
    [InlineData(2025, Sex.Male, 61 * 12 + 3)]
    [InlineData(2028, Sex.Male, 62 * 12)]
    [InlineData(2040, Sex.Male, 62 * 12)]
    [InlineData(2021, Sex.Female, 55 * 12 + 4)]
    [InlineData(2034, Sex.Female, 59 * 12 + 8)]
    [InlineData(2035, Sex.Female, 60 * 12)]
    public void Retirement_age_rises_by_year(int year, Sex sex, int months)
    {
        Assert.Equal(months, RetirementAge.RequiredMonths(sex, year));
    }

    [Fact]
    public void Retirement_is_reached_at_the_age_of_the_year_it_is_reached()
    {
        // Born May 1965: 61y3m required in 2025, 61y6m in 2026 → reached in November 2026.
        Assert.Equal(new DateOnly(2026, 11, 10), RetirementAge.ReachedOn(new DateOnly(1965, 5, 10), Sex.Male));
        // Born 1980: 62 in 2042.
        Assert.Equal(new DateOnly(2042, 1, 15), RetirementAge.ReachedOn(new DateOnly(1980, 1, 15), Sex.Male));
        Assert.Equal(new DateOnly(2045, 6, 1), RetirementAge.ReachedOn(new DateOnly(1985, 6, 1), Sex.Female));
    }
}

public sealed class CommitmentTests
{
    [Theory]
    [InlineData("2025", CommitmentPeriodKind.Year, "2025-01-01", "2025-12-31")]
    [InlineData("2025-02", CommitmentPeriodKind.Month, "2025-02-01", "2025-02-28")]
    [InlineData("2024-02", CommitmentPeriodKind.Month, "2024-02-01", "2024-02-29")]
    public void Periods_are_a_year_or_a_month(string text, CommitmentPeriodKind kind, string start, string end)
    {
        var period = CommitmentPeriod.Parse(text)!;

        Assert.Equal(kind, period.Kind);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.End);
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("25")]
    [InlineData("2025-13")]
    [InlineData("2025-1")]
    [InlineData("2025/01")]
    [InlineData("2025-01-01")]
    public void Other_periods_are_refused(string text)
    {
        Assert.Null(CommitmentPeriod.Parse(text));
    }

    [Fact]
    public void The_summary_counts_each_result()
    {
        var summary = CommitmentSummary.Of([CommitmentResult.Met, CommitmentResult.Met, CommitmentResult.PartlyMet, CommitmentResult.NotMet, null]);

        Assert.Equal(new CommitmentSummary(2, 1, 1, 1), summary);
    }
}
