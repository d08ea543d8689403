using NgheAn.ServiceDefaults.Calendar;

namespace NgheAn.ServiceDefaults.Tests.Calendar;

public sealed class VietnamWorkingDaysTests
{
    private static readonly VietnamWorkingDays Calendar = VietnamWorkingDays.Default;

    [Theory]
    [InlineData("2026-01-01")] // Tết dương lịch
    [InlineData("2026-04-30")]
    [InlineData("2026-05-01")]
    [InlineData("2026-09-02")]
    [InlineData("2025-09-01")] // the day beside 2/9 in 2025
    [InlineData("2025-05-02")] // swapped for Saturday 26/4/2025
    [InlineData("2025-01-29")] // mùng 1 Tết Ất Tỵ
    public void Holidays_are_not_working_days(string date)
    {
        Assert.False(Calendar.IsWorkingDay(DateOnly.Parse(date)));
    }

    [Fact]
    public void A_Saturday_swapped_for_a_holiday_is_a_working_day()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 4, 26)));
    }

    [Fact]
    public void Hung_Kings_day_is_the_tenth_of_the_third_lunar_month()
    {
        Assert.Equal(new DateOnly(2025, 4, 7), VietnamWorkingDays.LunarDate(2025, 3, 10));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 4, 7)));
    }

    [Fact]
    public void Tet_without_an_announcement_is_the_last_day_of_the_year_and_the_first_four()
    {
        // Lunar new year 2026 is Tuesday 17 February: 16–20 February off.
        Assert.Equal(new DateOnly(2026, 2, 17), VietnamWorkingDays.LunarDate(2026, 1, 1));
        foreach (var day in Enumerable.Range(16, 5))
        {
            Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 2, day)));
        }

        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 13)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 23)));
    }

    [Fact]
    public void A_holiday_on_a_weekend_is_made_up_on_the_next_working_day()
    {
        // Hùng Kings' day 2026 is Sunday 26 April: Monday 27 April is off.
        Assert.Equal(new DateOnly(2026, 4, 26), VietnamWorkingDays.LunarDate(2026, 3, 10));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 4, 27)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 4, 28)));
    }

    [Fact]
    public void Counting_working_days_skips_weekends_and_holidays()
    {
        // Friday 24 April 2026 + 1 working day: Monday 27 (make-up) off, Tuesday 28.
        Assert.Equal(new DateOnly(2026, 4, 28), Calendar.WorkingDaysAfter(new DateOnly(2026, 4, 24), 1));
        // 5 working days before Monday 4 May 2026: Fri 1/5, Thu 30/4 off; 29, 28 Apr, then 27 (off), 24, 23, 22.
        Assert.Equal(new DateOnly(2026, 4, 23), Calendar.WorkingDaysBefore(new DateOnly(2026, 5, 4), 4));
        Assert.Equal(new DateOnly(2026, 4, 22), Calendar.WorkingDaysBefore(new DateOnly(2026, 5, 4), 5));
    }

    [Fact]
    public void An_announcement_replaces_the_default_pattern()
    {
        var calendar = new VietnamWorkingDays([new HolidayAnnouncement(2026, "test", [new(2026, 2, 23)], [new(2026, 2, 28)])]);

        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 23)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 28)));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1900, 1, 1)]
    [InlineData(2101, 1, 1)]
    [InlineData(9999, 12, 31)]
    public void Outside_its_years_the_calendar_counts_weekdays_instead_of_failing(int year, int month, int day)
    {
        // A stored date from outside 1901–2100 must not break a list or a scanner (issue 15).
        var date = new DateOnly(year, month, day);

        Assert.Equal(date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), Calendar.IsWorkingDay(date));
        Assert.False(Calendar.IsPublicHoliday(date));
        Assert.True(Calendar.DeadlineOn(date) >= date);
    }
}
