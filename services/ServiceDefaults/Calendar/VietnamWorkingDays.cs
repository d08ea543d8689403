using System.Globalization;

namespace NgheAn.ServiceDefaults.Calendar;

/// <summary>One year's announcement by the Government (thông báo nghỉ lễ): extra days off and the Saturdays worked in exchange.</summary>
public sealed record HolidayAnnouncement(int Year, string Source, IReadOnlyList<DateOnly> DaysOff, IReadOnlyList<DateOnly> WorkingSaturdays);

/// <summary>
/// Working days (ngày làm việc) in Vietnam for deadlines counted that way: Monday to Friday except
/// public holidays. The statutory holidays follow Bộ luật Lao động 2019, Điều 112 (1/1; Tết âm lịch
/// 5 days; 10/3 âm lịch; 30/4; 1/5; 2/9 and one day next to it; a holiday falling on a weekend is
/// made up on the next working day). Which Tết days and which day beside 2/9 are decided each year;
/// the yearly announcements are data (<see cref="Announcements"/>), and a year without one uses the
/// usual pattern (the last day of the lunar year and the first four; 1/9).
/// Lunar dates come from .NET's ChineseLunisolarCalendar (UTC+8); the Vietnamese calendar (UTC+7)
/// differs from it only in rare years, which an announcement corrects.
/// </summary>
public sealed class VietnamWorkingDays
{
    private static readonly ChineseLunisolarCalendar Lunar = new();
    private readonly Dictionary<int, (HashSet<DateOnly> Off, HashSet<DateOnly> Worked)> _years = [];
    private readonly IReadOnlyDictionary<int, HolidayAnnouncement> _announcements;

    public VietnamWorkingDays(IEnumerable<HolidayAnnouncement>? announcements = null)
    {
        _announcements = (announcements ?? Announcements).ToDictionary(a => a.Year);
    }

    /// <summary>The Government's announcements known to the platform; add each year's when it is published.</summary>
    public static readonly IReadOnlyList<HolidayAnnouncement> Announcements =
    [
        // Tết 25/1–2/2 (weekdays 27–31/1 off); 2/5 off for Saturday 26/4; 1/9 beside 2/9.
        new(2025, "Government holiday notices for 2025",
            DaysOff: [new(2025, 1, 27), new(2025, 1, 28), new(2025, 1, 29), new(2025, 1, 30), new(2025, 1, 31), new(2025, 5, 2), new(2025, 9, 1)],
            WorkingSaturdays: [new(2025, 4, 26)]),
    ];

    public static VietnamWorkingDays Default { get; } = new();

    public bool IsWorkingDay(DateOnly date)
    {
        var (off, worked) = YearOf(date.Year);
        if (worked.Contains(date))
        {
            return true;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !off.Contains(date);
    }

    public bool IsPublicHoliday(DateOnly date) => YearOf(date.Year).Off.Contains(date);

    /// <summary>The date <paramref name="count"/> working days before <paramref name="date"/> (the date itself not counted).</summary>
    public DateOnly WorkingDaysBefore(DateOnly date, int count) => Step(date, count, -1);

    /// <summary>The date <paramref name="count"/> working days after <paramref name="date"/> (the date itself not counted).</summary>
    public DateOnly WorkingDaysAfter(DateOnly date, int count) => Step(date, count, +1);

    /// <summary>
    /// A deadline of calendar days that ends on a day off moves to the next working day (Bộ luật Dân
    /// sự 2015, Điều 148.5).
    /// </summary>
    public DateOnly DeadlineOn(DateOnly lastDay)
    {
        var day = lastDay;
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private DateOnly Step(DateOnly date, int count, int direction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = date;
        while (count > 0)
        {
            day = day.AddDays(direction);
            if (IsWorkingDay(day))
            {
                count--;
            }
        }

        return day;
    }

    /// <summary>The years whose holidays the calendar knows (those of .NET's lunar calendar); the platform's date range.</summary>
    public const int FirstYear = 1901, LastYear = 2100;

    private static readonly (HashSet<DateOnly>, HashSet<DateOnly>) NoHolidaysKnown = ([], []);

    private (HashSet<DateOnly> Off, HashSet<DateOnly> Worked) YearOf(int year)
    {
        // Requests cannot carry dates outside these years; a stored one (from before that rule, or
        // put in by hand) still gets an answer, counting Monday to Friday, instead of breaking a
        // list or a scanner for everyone.
        if (year is < FirstYear or > LastYear)
        {
            return NoHolidaysKnown;
        }

        lock (_years)
        {
            if (!_years.TryGetValue(year, out var days))
            {
                _years[year] = days = Build(year);
            }

            return days;
        }
    }

    private (HashSet<DateOnly>, HashSet<DateOnly>) Build(int year)
    {
        var off = new HashSet<DateOnly>();
        var worked = new HashSet<DateOnly>();
        // Tết of the next lunar year can start in this Gregorian year's last days only in theory; both years are covered.
        var statutory = new List<DateOnly> { new(year, 1, 1), new(year, 4, 30), new(year, 5, 1), new(year, 9, 2), LunarDate(year, 3, 10) };
        var newYear = LunarDate(year, 1, 1);
        var announced = _announcements.GetValueOrDefault(year);
        if (announced is null)
        {
            statutory.AddRange(Enumerable.Range(-1, 5).Select(newYear.AddDays));
            statutory.Add(new DateOnly(year, 9, 1));
        }
        else
        {
            off.UnionWith(announced.DaysOff);
            worked.UnionWith(announced.WorkingSaturdays);
        }

        off.UnionWith(statutory);
        // Điều 112.3: a holiday on a weekend is made up on the following working day.
        foreach (var day in statutory.Order())
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                var makeUp = day.AddDays(1);
                while (makeUp.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || off.Contains(makeUp))
                {
                    makeUp = makeUp.AddDays(1);
                }

                off.Add(makeUp);
            }
        }

        return (off, worked);
    }

    /// <summary>A lunar month/day of the lunar year that starts in the given Gregorian year (leap months skipped).</summary>
    public static DateOnly LunarDate(int gregorianYear, int month, int day)
    {
        var leap = Lunar.GetLeapMonth(gregorianYear);
        var monthIndex = leap > 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(gregorianYear, monthIndex, day, 0, 0, 0, 0));
    }
}
