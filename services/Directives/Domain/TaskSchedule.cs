using System.Globalization;
using NgheAn.ServiceDefaults.Calendar;

namespace NgheAn.Directives.Domain;

public enum RecurrenceFrequency
{
    /// <summary>A one-off task with a due date.</summary>
    None = 0,
    Monthly = 1,
    Quarterly = 2,
    Yearly = 3,
}

/// <summary>
/// One round of a task: a period and the day by which it must be reported. <see cref="Key"/>
/// identifies it for good ("2026-03", "2026-Q1", "2026", "once"): progress reports and the
/// overdue event refer to it.
/// </summary>
public sealed record TaskOccurrence(string Key, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate);

/// <summary>
/// When a task is due: either one due date, or a recurrence from <see cref="Start"/> (until
/// <see cref="End"/> if given) whose every period is due at its last day, or a number of working
/// days after it. A deadline that falls on a weekend or public holiday moves to the next working
/// day (Bộ luật Dân sự 2015, Điều 148.5).
/// </summary>
public sealed record TaskSchedule(
    RecurrenceFrequency Frequency,
    DateOnly Start,
    DateOnly? DueDate = null,
    DateOnly? End = null,
    int DueWorkingDaysAfterPeriod = 0)
{
    public const string OnceKey = "once";

    /// <summary>Checks the combination; errors name the request fields.</summary>
    public static ParseResult<TaskSchedule> Create(RecurrenceFrequency frequency, DateOnly start, DateOnly? dueDate, DateOnly? end,
        int dueWorkingDaysAfterPeriod = 0, string fieldPrefix = "")
    {
        var errors = new List<FieldError>();
        if (frequency == RecurrenceFrequency.None)
        {
            if (dueDate is null)
                errors.Add(new(fieldPrefix + "due_date", "is required for a task without recurrence."));
            else if (dueDate < start)
                errors.Add(new(fieldPrefix + "due_date", $"{VietnameseDate.ToIso(dueDate.Value)} is before the task starts ({VietnameseDate.ToIso(start)})."));
            if (end is not null)
                errors.Add(new(fieldPrefix + "end_date", "applies only to a recurring task."));
        }
        else
        {
            if (dueDate is not null)
                errors.Add(new(fieldPrefix + "due_date", "must be empty for a recurring task: each period has its own due date."));
            if (end is { } last && last < start)
                errors.Add(new(fieldPrefix + "end_date", $"{VietnameseDate.ToIso(last)} is before the task starts ({VietnameseDate.ToIso(start)})."));
        }

        if (dueWorkingDaysAfterPeriod is < 0 or > 60)
            errors.Add(new(fieldPrefix + "due_working_days_after_period", "must be 0 to 60."));

        return errors.Count > 0
            ? ParseResult<TaskSchedule>.Fail(errors)
            : ParseResult<TaskSchedule>.Ok(new TaskSchedule(frequency, start, dueDate, end, dueWorkingDaysAfterPeriod));
    }

    /// <summary>Every occurrence whose period starts on or before <paramref name="upTo"/>, in order.</summary>
    public IEnumerable<TaskOccurrence> Occurrences(DateOnly upTo, VietnamWorkingDays? calendar = null)
    {
        calendar ??= VietnamWorkingDays.Default;
        if (Frequency == RecurrenceFrequency.None)
        {
            // Create requires a due date; a stored one-off task without one has nothing to fall due.
            if (DueDate is { } dueDate)
            {
                yield return new TaskOccurrence(OnceKey, Start, dueDate, calendar.DeadlineOn(dueDate));
            }

            yield break;
        }

        var periodStart = PeriodStartOf(Start);
        while (periodStart <= upTo && (End is null || periodStart <= End))
        {
            var next = periodStart.AddMonths(MonthsPerPeriod);
            var periodEnd = next.AddDays(-1);
            var due = DueWorkingDaysAfterPeriod > 0
                ? calendar.WorkingDaysAfter(periodEnd, DueWorkingDaysAfterPeriod)
                : calendar.DeadlineOn(periodEnd);
            yield return new TaskOccurrence(KeyOf(periodStart), periodStart, periodEnd, due);
            periodStart = next;
        }
    }

    /// <summary>The occurrence whose period contains the date (the only one for a one-off task), or null outside the schedule.</summary>
    public TaskOccurrence? OccurrenceOn(DateOnly date, VietnamWorkingDays? calendar = null)
    {
        if (Frequency == RecurrenceFrequency.None)
        {
            return Occurrences(date, calendar).FirstOrDefault();
        }

        return date < Start || date > End ? null : Occurrences(date, calendar).LastOrDefault();
    }

    /// <summary>
    /// For a review of a period: how many occurrences fell due in it and how many of those were
    /// reported. A recurring task is never "done", so this is what shows its work.
    /// </summary>
    public (int Due, int Reported) OccurrencesDueBetween(DateOnly from, DateOnly to, IEnumerable<string> reportedKeys, VietnamWorkingDays? calendar = null)
    {
        var reported = reportedKeys.ToHashSet(StringComparer.Ordinal);
        var due = Occurrences(to, calendar).Where(o => o.DueDate >= from && o.DueDate <= to).ToList();
        return (due.Count, due.Count(o => reported.Contains(o.Key)));
    }

    /// <summary>
    /// The occurrences due before <paramref name="today"/> (Vietnam time) that no report covers:
    /// each is overdue. A deadline day itself is not overdue: the work may still be reported that day.
    /// </summary>
    public IReadOnlyList<TaskOccurrence> OverdueOccurrences(DateOnly today, IEnumerable<string> reportedKeys, VietnamWorkingDays? calendar = null)
    {
        var reported = reportedKeys.ToHashSet(StringComparer.Ordinal);
        return Occurrences(today, calendar).Where(o => o.DueDate < today && !reported.Contains(o.Key)).ToArray();
    }

    private int MonthsPerPeriod => Frequency switch
    {
        RecurrenceFrequency.Monthly => 1,
        RecurrenceFrequency.Quarterly => 3,
        RecurrenceFrequency.Yearly => 12,
        _ => throw new InvalidOperationException("A one-off task has no period."),
    };

    private DateOnly PeriodStartOf(DateOnly date) => Frequency switch
    {
        RecurrenceFrequency.Monthly => new DateOnly(date.Year, date.Month, 1),
        RecurrenceFrequency.Quarterly => new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
        _ => new DateOnly(date.Year, 1, 1),
    };

    private string KeyOf(DateOnly periodStart) => Frequency switch
    {
        RecurrenceFrequency.Monthly => periodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        RecurrenceFrequency.Quarterly => string.Create(CultureInfo.InvariantCulture, $"{periodStart.Year}-Q{((periodStart.Month - 1) / 3) + 1}"),
        _ => periodStart.Year.ToString(CultureInfo.InvariantCulture),
    };
}
