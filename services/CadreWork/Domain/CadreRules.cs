using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.CadreWork.Domain;

/// <summary>Limits of succession planning: people per post and posts per person.</summary>
public sealed record PlanningLimits(int PeoplePerPost, int PostsPerPerson);

/// <summary>The term of an appointment and how early the reappointment notice is due.</summary>
public sealed record AppointmentTerm(int Years, int NoticeWorkingDays);

/// <summary>Dates of an appointment: its term and the reappointment notice deadline.</summary>
public sealed record AppointmentDates(DateOnly StartDate, DateOnly TermEnd, DateOnly NoticeDue, RuleVersion Rule);

/// <summary>The verdict of a rule check: allowed, or refused with a message naming the rule.</summary>
public sealed record Verdict(bool Allowed, RuleVersion? Rule, string Message)
{
    public static Verdict Yes(RuleVersion? rule = null) => new(true, rule, "");

    public static Verdict No(RuleVersion rule, string message) => new(false, rule, message);
}

/// <summary>
/// Planning, appointment and rotation (Quy định 377-QĐ/TW, in force 8/10/2025, replacing Quy định
/// 80, 50 and 41): at most 3 people planned per post and 3 posts per person; an appointment lasts
/// 5 years; the notice about reappointment is due at least 90 working days before the term ends;
/// rotation needs at least 10 years of service left. Refused too while a discipline waiting period
/// runs (<see cref="DisciplineWaitingPeriods"/>).
/// </summary>
public static class CadreRules
{
    public static readonly RuleVersion Planning377 = new("planning-limits/377-QD-TW", "Quy định 377-QĐ/TW", new(2025, 10, 8), null);
    public static readonly RuleVersion Appointment377 = new("appointment-term/377-QD-TW", "Quy định 377-QĐ/TW", new(2025, 10, 8), null);
    public static readonly RuleVersion Rotation377 = new("rotation-service-left/377-QD-TW", "Quy định 377-QĐ/TW", new(2025, 10, 8), null);

    public static readonly RuleBook<PlanningLimits> PlanningBook = new("planning limits", [(Planning377, new PlanningLimits(3, 3))]);
    public static readonly RuleBook<AppointmentTerm> AppointmentBook = new("appointment term", [(Appointment377, new AppointmentTerm(5, 90))]);
    public static readonly RuleBook<int> RotationBook = new("years of service left for rotation", [(Rotation377, 10)]);

    /// <param name="peopleOnPost">Distinct other people already planned for the post.</param>
    /// <param name="postsOfPerson">Distinct other posts the person is already planned for.</param>
    public static Verdict CheckPlanning(DateOnly date, int peopleOnPost, int postsOfPerson, IEnumerable<DisciplineRecord> disciplines)
    {
        if (DisciplineWaitingPeriods.Blocking(disciplines, date) is { } waiting)
        {
            return Verdict.No(waiting.Rule, waiting.Describe("Planning"));
        }

        var (rule, limits) = PlanningBook.InForceOn(date);
        if (peopleOnPost + 1 > limits.PeoplePerPost)
        {
            return Verdict.No(rule, $"Planning refused: the post already has {peopleOnPost} people planned; {rule.LegalBasis} allows at most {limits.PeoplePerPost} per post.");
        }

        if (postsOfPerson + 1 > limits.PostsPerPerson)
        {
            return Verdict.No(rule, $"Planning refused: the person is already planned for {postsOfPerson} posts; {rule.LegalBasis} allows at most {limits.PostsPerPerson} per person.");
        }

        return Verdict.Yes(rule);
    }

    public static Verdict CheckAppointment(DateOnly date, IEnumerable<DisciplineRecord> disciplines) =>
        DisciplineWaitingPeriods.Blocking(disciplines, date) is { } waiting
            ? Verdict.No(waiting.Rule, waiting.Describe("Appointment"))
            : Verdict.Yes();

    /// <summary>
    /// The term of an appointment starting on a date (its last day is the day before the anniversary)
    /// and the last working day the reappointment notice may be given: after it, counting from the next
    /// day (Bộ luật Dân sự 2015, Điều 147) to the term's last day, there are exactly 90 working days.
    /// </summary>
    public static AppointmentDates Term(DateOnly start, VietnamWorkingDays calendar)
    {
        var (rule, term) = AppointmentBook.InForceOn(start);
        var end = start.AddYears(term.Years).AddDays(-1);
        var firstCounted = calendar.WorkingDaysBefore(end.AddDays(1), term.NoticeWorkingDays);
        return new AppointmentDates(start, end, calendar.WorkingDaysBefore(firstCounted, 1), rule);
    }

    public static Verdict CheckRotation(DateOnly date, DateOnly retirementDate, IEnumerable<DisciplineRecord> disciplines)
    {
        if (DisciplineWaitingPeriods.Blocking(disciplines, date) is { } waiting)
        {
            return Verdict.No(waiting.Rule, waiting.Describe("Rotation"));
        }

        var (rule, years) = RotationBook.InForceOn(date);
        return date.AddYears(years) <= retirementDate
            ? Verdict.Yes(rule)
            : Verdict.No(rule, $"Rotation refused: the person retires on {retirementDate:yyyy-MM-dd}, less than {years} years after {date:yyyy-MM-dd}; {rule.LegalBasis} requires at least {years} years of service left.");
    }
}

/// <summary>Sex as the retirement-age rules distinguish it.</summary>
public enum Sex
{
    Male = 1,
    Female = 2,
}

/// <summary>
/// Normal retirement age (Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP): from 2021
/// 60 years 3 months for men, rising 3 months a year to 62 (2028); 55 years 4 months for women,
/// rising 4 months a year to 60 (2035). The age that applies is the one of the year the person
/// reaches it. Data, so a later change is a new row.
/// </summary>
public static class RetirementAge
{
    public static readonly RuleVersion LabourCode2019 = new("retirement-age/BLLD-2019", "Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP", new(2021, 1, 1), null);

    private sealed record Schedule(int StartMonths, int StepMonths, int CapMonths);

    private static readonly Dictionary<Sex, Schedule> Schedules = new()
    {
        [Sex.Male] = new(60 * 12 + 3, 3, 62 * 12),
        [Sex.Female] = new(55 * 12 + 4, 4, 60 * 12),
    };

    /// <summary>Age in months required in a given calendar year.</summary>
    public static int RequiredMonths(Sex sex, int year)
    {
        var s = Schedules[sex];
        return Math.Min(s.CapMonths, s.StartMonths + (Math.Max(year, 2021) - 2021) * s.StepMonths);
    }

    /// <summary>The day the person reaches the retirement age that applies to them.</summary>
    public static DateOnly ReachedOn(DateOnly birthDate, Sex sex)
    {
        // The required age grows no faster than time, so the first year whose requirement is met is the answer.
        for (var months = Schedules[sex].StartMonths - 12; ; months++)
        {
            var date = birthDate.AddMonths(months);
            if (months >= RequiredMonths(sex, date.Year))
            {
                return date;
            }
        }
    }
}
