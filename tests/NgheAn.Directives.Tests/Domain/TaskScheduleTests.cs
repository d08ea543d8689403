using NgheAn.Directives.Domain;
using NgheAn.ServiceDefaults.Calendar;

namespace NgheAn.Directives.Tests.Domain;

public class TaskScheduleTests
{
    private static TaskSchedule Monthly(DateOnly start, DateOnly? end = null) =>
        TaskSchedule.Create(RecurrenceFrequency.Monthly, start, null, end).Value;

    [Fact]
    public void Monthly_occurrences_are_due_at_month_end_moved_past_weekends()
    {
        var occurrences = Monthly(new DateOnly(2026, 1, 15)).Occurrences(new DateOnly(2026, 3, 31)).ToArray();
        Assert.Equal(["2026-01", "2026-02", "2026-03"], occurrences.Select(o => o.Key));
        // 31/1/2026 is a Saturday → Monday 2/2; 28/2/2026 a Saturday → Monday 2/3; 31/3 a Tuesday.
        Assert.Equal(new DateOnly(2026, 2, 2), occurrences[0].DueDate);
        Assert.Equal(new DateOnly(2026, 3, 2), occurrences[1].DueDate);
        Assert.Equal(new DateOnly(2026, 3, 31), occurrences[2].DueDate);
    }

    [Fact]
    public void A_review_period_counts_the_occurrences_due_in_it_and_those_reported()
    {
        var monthly = Monthly(new DateOnly(2026, 1, 15));

        // Q1 2026: January is due 2/2 and February 2/3 (weekends), March 31/3 — all three fall in the quarter.
        Assert.Equal((3, 2), monthly.OccurrencesDueBetween(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), ["2026-01", "2026-03", "2026-05"]));
        // January alone: its deadline moved into February, so nothing fell due in January.
        Assert.Equal((0, 0), monthly.OccurrencesDueBetween(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), ["2026-01"]));
        Assert.Equal((1, 1), monthly.OccurrencesDueBetween(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), ["2026-01"]));

        var once = TaskSchedule.Create(RecurrenceFrequency.None, new DateOnly(2026, 1, 5), new DateOnly(2026, 3, 10), null).Value;
        Assert.Equal((1, 0), once.OccurrencesDueBetween(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), []));
        Assert.Equal((0, 0), once.OccurrencesDueBetween(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), []));
    }

    [Fact]
    public void Quarterly_and_yearly_keys_and_ends()
    {
        var quarterly = TaskSchedule.Create(RecurrenceFrequency.Quarterly, new DateOnly(2025, 11, 3), null, new DateOnly(2026, 6, 30)).Value;
        var q = quarterly.Occurrences(new DateOnly(2030, 1, 1)).ToArray();
        Assert.Equal(["2025-Q4", "2026-Q1", "2026-Q2"], q.Select(o => o.Key));
        Assert.Equal(new DateOnly(2026, 3, 31), q[1].PeriodEnd);

        var yearly = TaskSchedule.Create(RecurrenceFrequency.Yearly, new DateOnly(2024, 5, 1), null, null).Value;
        var y = yearly.Occurrences(new DateOnly(2025, 12, 31)).ToArray();
        Assert.Equal(["2024", "2025"], y.Select(o => o.Key));
        // 31/12/2024 is a Tuesday; 31/12/2025 a Wednesday.
        Assert.Equal(new DateOnly(2025, 12, 31), y[1].DueDate);
    }

    [Fact]
    public void A_deadline_in_Tet_moves_to_the_first_working_day_after_it()
    {
        // Tết Bính Ngọ: 17/2/2026; days off Monday 16/2 to Friday 20/2.
        var once = TaskSchedule.Create(RecurrenceFrequency.None, new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 17), null).Value;
        Assert.Equal(new DateOnly(2026, 2, 23), once.Occurrences(new DateOnly(2026, 2, 1)).Single().DueDate);

        // 2025: Tết off 27–31/1; a report due 3 working days after January ends.
        var report = TaskSchedule.Create(RecurrenceFrequency.Monthly, new DateOnly(2025, 1, 1), null, null, dueWorkingDaysAfterPeriod: 3).Value;
        Assert.Equal(new DateOnly(2025, 2, 5), report.Occurrences(new DateOnly(2025, 1, 31)).Single().DueDate);
    }

    [Fact]
    public void Overdue_only_after_the_due_day_and_only_when_unreported()
    {
        var task = Monthly(new DateOnly(2026, 3, 1));
        // March is due Tuesday 31/3: not overdue on that day, overdue on 1/4.
        Assert.Empty(task.OverdueOccurrences(new DateOnly(2026, 3, 31), []));
        Assert.Equal("2026-03", Assert.Single(task.OverdueOccurrences(new DateOnly(2026, 4, 1), [])).Key);
        Assert.Empty(task.OverdueOccurrences(new DateOnly(2026, 4, 1), ["2026-03"]));
        Assert.Equal(["2026-03", "2026-04"], task.OverdueOccurrences(new DateOnly(2026, 5, 5), []).Select(o => o.Key));
    }

    [Fact]
    public void A_month_ending_in_a_holiday_is_not_overdue_until_the_next_working_day_passes()
    {
        // April 2026: 30/4 (Thursday) and 1/5 (Friday) are holidays, 2–3/5 a weekend → due Monday 4/5.
        var task = Monthly(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        Assert.Equal(new DateOnly(2026, 5, 4), task.Occurrences(new DateOnly(2026, 4, 30)).Single().DueDate);
        Assert.Empty(task.OverdueOccurrences(new DateOnly(2026, 5, 4), []));
        Assert.Single(task.OverdueOccurrences(new DateOnly(2026, 5, 5), []));
    }

    [Fact]
    public void Bad_combinations_name_their_fields()
    {
        var noDue = TaskSchedule.Create(RecurrenceFrequency.None, new DateOnly(2026, 1, 1), null, null, fieldPrefix: "task.");
        Assert.Equal("task.due_date", Assert.Single(noDue.Errors).Field);
        var both = TaskSchedule.Create(RecurrenceFrequency.Monthly, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2025, 1, 1));
        Assert.Equal(["due_date", "end_date"], both.Errors.Select(e => e.Field));
    }

    [Fact]
    public void The_occurrence_on_a_date()
    {
        var task = Monthly(new DateOnly(2026, 1, 1));
        Assert.Equal("2026-02", task.OccurrenceOn(new DateOnly(2026, 2, 10))!.Key);
        Assert.Null(task.OccurrenceOn(new DateOnly(2025, 12, 31)));
        Assert.True(VietnamWorkingDays.Default.IsPublicHoliday(new DateOnly(2026, 2, 17)));
    }

    [Fact]
    public void A_stored_schedule_the_api_would_refuse_still_answers()
    {
        // Rows from before the input limits (or put in by hand) must not break a list or the overdue scan.
        var today = new DateOnly(2026, 6, 1);
        var farFuture = new TaskSchedule(RecurrenceFrequency.None, new DateOnly(2026, 1, 5), new DateOnly(9999, 12, 31), null, 0);
        var noDue = new TaskSchedule(RecurrenceFrequency.None, new DateOnly(2026, 1, 5), null, null, 0);

        Assert.Empty(farFuture.OverdueOccurrences(today, []));
        Assert.Equal(new DateOnly(9999, 12, 31), Assert.Single(farFuture.Occurrences(today)).DueDate);
        Assert.Empty(noDue.OverdueOccurrences(today, []));
        Assert.Null(noDue.OccurrenceOn(today));
    }
}
