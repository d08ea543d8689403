using NgheAn.ServiceDefaults.Calendar;
using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.Supervision.Domain;

/// <summary>What a citizen, the Fatherland Front or a mass organisation brings in.</summary>
public enum PetitionKind
{
    Reflection = 1, // phản ánh
    Recommendation = 2, // kiến nghị
    Complaint = 3, // khiếu nại
    Denunciation = 4, // tố cáo
}

/// <summary>The clock of one kind: days to resolve from acceptance, and how it may be lengthened.</summary>
public sealed record ResolutionClock(int Days, int ComplexDays, int MaxExtensions, int ExtensionDays);

/// <summary>
/// The deadlines of a petition: a notice of acceptance (or transfer) within 10 working days of
/// receipt; then, for complaints and denunciations, resolution within the days of their law from
/// acceptance. Calendar-day deadlines that end on a day off move to the next working day.
/// </summary>
public sealed class PetitionClocks(VietnamWorkingDays calendar)
{
    public static readonly RuleVersion AcceptanceRule = new("reception-11-2019", "Quy định 11-QĐi/TW (18/02/2019), amended by Kết luận 215-KL/TW (2025)", new(2019, 2, 18), null);
    public static readonly RuleVersion ComplaintRule = new("luat-khieu-nai-2011", "Luật Khiếu nại 2011, Điều 28", new(2012, 7, 1), null);
    public static readonly RuleVersion DenunciationRule = new("luat-to-cao-2018", "Luật Tố cáo 2018, Điều 30", new(2019, 1, 1), null);

    public static readonly RuleBook<int> AcceptanceWorkingDays = new("acceptance notice", [(AcceptanceRule, 10)]);
    public static readonly RuleBook<ResolutionClock> Complaint = new("complaint resolution", [(ComplaintRule, new ResolutionClock(30, 45, 0, 0))]);
    public static readonly RuleBook<ResolutionClock> Denunciation = new("denunciation resolution", [(DenunciationRule, new ResolutionClock(30, 30, 2, 30))]);

    public static PetitionClocks Default { get; } = new(VietnamWorkingDays.Default);

    /// <summary>The last day to send the notice of acceptance or transfer.</summary>
    public (DateOnly Due, RuleVersion Rule) AcceptanceDue(DateOnly receivedOn)
    {
        var (rule, days) = AcceptanceWorkingDays.InForceOn(receivedOn);
        return (calendar.WorkingDaysAfter(receivedOn, days), rule);
    }

    /// <summary>
    /// The resolution deadline, or null for kinds without one in law (reflections and
    /// recommendations are answered in the acceptance notice's time). Extensions are counted only
    /// when granted in writing; more than the law allows is refused.
    /// </summary>
    public (DateOnly? Due, RuleVersion? Rule) ResolutionDue(PetitionKind kind, DateOnly acceptedOn, bool complex = false, int writtenExtensions = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(writtenExtensions);
        RuleBook<ResolutionClock>? book = kind switch
        {
            PetitionKind.Complaint => Complaint,
            PetitionKind.Denunciation => Denunciation,
            _ => null,
        };
        if (book is null)
        {
            return (null, null);
        }

        var (rule, clock) = book.InForceOn(acceptedOn);
        if (writtenExtensions > clock.MaxExtensions)
        {
            throw new ArgumentOutOfRangeException(nameof(writtenExtensions), writtenExtensions,
                $"{rule.LegalBasis} allows {clock.MaxExtensions} extension(s) for this kind.");
        }

        var days = (complex ? clock.ComplexDays : clock.Days) + writtenExtensions * clock.ExtensionDays;
        return (calendar.DeadlineOn(acceptedOn.AddDays(days)), rule);
    }

    /// <summary>The deadline that runs now: the acceptance notice's until it is sent, then the kind's resolution deadline (none for kinds without one).</summary>
    public static DateOnly? CurrentDue(DateOnly acceptanceDue, DateOnly? acceptedOn, DateOnly? resolutionDue) =>
        acceptedOn is null ? acceptanceDue : resolutionDue;

    /// <summary>
    /// Whether the petition was overdue on at least one day of the month: the days after the due day
    /// and before resolution, up to <paramref name="today"/> for a month not over yet.
    /// </summary>
    public static bool OverdueDuring(DateOnly? due, DateOnly? resolvedOn, int year, int month, DateOnly today)
    {
        if (due is not { } d)
        {
            return false;
        }

        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var overdueFrom = d.AddDays(1);
        var overdueTo = resolvedOn is { } r && r <= today ? r.AddDays(-1) : today;

        return overdueFrom <= overdueTo && overdueFrom <= last && overdueTo >= first;
    }

    /// <summary>Overdue on <paramref name="today"/> (Vietnam date) when still open after the due day.</summary>
    public static bool IsOverdue(DateOnly? due, DateOnly? resolvedOn, DateOnly today) =>
        due is { } d && resolvedOn is null && today > d;
}
