using NgheAn.Contracts.Events.Supervision;
using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.CadreWork.Domain;

/// <summary>Forms of Party discipline for a person (Quy định 69-QĐ/TW, 2022).</summary>
public enum DisciplineForm
{
    /// <summary>Khiển trách.</summary>
    Reprimand = 1,

    /// <summary>Cảnh cáo.</summary>
    Warning = 2,

    /// <summary>Cách chức.</summary>
    Dismissal = 3,

    /// <summary>Khai trừ: the person leaves the Party.</summary>
    Expulsion = 4,
}

/// <summary>A discipline decision in a person's file, as this service knows it (from Supervision's events).</summary>
public sealed record DisciplineRecord(DisciplineForm Form, DateOnly DecisionDate, bool SelfDetectedAndRemedied = false);

/// <summary>Months a disciplined person waits before being planned or appointed again, per form.</summary>
public sealed record WaitingMonths(int Reprimand, int Warning, int Dismissal)
{
    public int? For(DisciplineForm form) => form switch
    {
        DisciplineForm.Reprimand => Reprimand,
        DisciplineForm.Warning => Warning,
        DisciplineForm.Dismissal => Dismissal,
        _ => null, // expelled: not a party member any more, never eligible again through this rule
    };
}

/// <summary>Why a person may not be planned or appointed yet, and from when they may be.</summary>
public sealed record WaitingPeriod(DisciplineRecord Discipline, RuleVersion Rule, int Months, DateOnly? EligibleFrom)
{
    public string Describe(string action) => EligibleFrom is { } from
        ? $"{action} refused: {FormName(Discipline.Form)} decided on {Discipline.DecisionDate:yyyy-MM-dd}; under {Rule.LegalBasis} "
          + $"(in force on that date) the waiting period is {Months} months, so the person may be considered again from {from:yyyy-MM-dd} "
          + $"(the period ends on {from.AddDays(-1):yyyy-MM-dd})."
        : $"{action} refused: {FormName(Discipline.Form)} decided on {Discipline.DecisionDate:yyyy-MM-dd}; under {Rule.LegalBasis} the person cannot be considered.";

    public static string FormName(DisciplineForm form) => form switch
    {
        DisciplineForm.Reprimand => "khiển trách (reprimand)",
        DisciplineForm.Warning => "cảnh cáo (warning)",
        DisciplineForm.Dismissal => "cách chức (dismissal)",
        DisciplineForm.Expulsion => "khai trừ (expulsion)",
        _ => form.ToString(),
    };
}

/// <summary>
/// After discipline a person may be considered for planning or appointment again only after a
/// waiting period. The version in force on the discipline decision's date applies: Quy định
/// 80-QĐ/TW (18/8/2022) had 12/30/60 months; Quy định 377-QĐ/TW (in force 8/10/2025, replacing
/// 80, 50 and 41) has 24/36/60.
/// </summary>
public static class DisciplineWaitingPeriods
{
    public static readonly RuleVersion Regulation80 = new("cadre-waiting-period/80-QD-TW", "Quy định 80-QĐ/TW", new(2022, 8, 18), new(2025, 10, 7));
    public static readonly RuleVersion Regulation377 = new("cadre-waiting-period/377-QD-TW", "Quy định 377-QĐ/TW", new(2025, 10, 8), null);

    public static readonly RuleBook<WaitingMonths> Book = new("waiting period after discipline",
    [
        (Regulation80, new WaitingMonths(12, 30, 60)),
        (Regulation377, new WaitingMonths(24, 36, 60)),
    ]);

    /// <summary>Expulsion ends membership: no waiting period leads back (Quy định 69-QĐ/TW).</summary>
    public static readonly RuleVersion Expulsion = new("cadre-waiting-period/expulsion/69-QD-TW", "Quy định 69-QĐ/TW", new(2022, 7, 6), null);

    /// <summary>The waiting period a discipline starts (its rule picked by the decision date).</summary>
    /// <exception cref="RuleNotInForceException">The decision predates every known version: a person must decide.</exception>
    public static WaitingPeriod For(DisciplineRecord discipline)
    {
        if (discipline.Form == DisciplineForm.Expulsion)
        {
            return new WaitingPeriod(discipline, Expulsion, 0, null);
        }

        var (rule, months) = Book.InForceOn(discipline.DecisionDate);
        var m = months.For(discipline.Form) ?? throw new ArgumentOutOfRangeException(nameof(discipline), discipline.Form, "Unknown form.");
        return new WaitingPeriod(discipline, rule, m, discipline.DecisionDate.AddMonths(m));
    }

    /// <summary>The waiting period still running on <paramref name="date"/> that ends last, or null when none blocks.</summary>
    public static WaitingPeriod? Blocking(IEnumerable<DisciplineRecord> disciplines, DateOnly date)
    {
        WaitingPeriod? longest = null;
        foreach (var discipline in disciplines.Where(d => d.DecisionDate <= date))
        {
            var period = For(discipline);
            if (period.EligibleFrom is { } from && from <= date)
            {
                continue;
            }

            if (longest is null || (longest.EligibleFrom is { } a && (period.EligibleFrom is null || period.EligibleFrom > a)))
            {
                longest = period;
            }
        }

        return longest;
    }
}

/// <summary>
/// What an appeal decision (khiếu nại kỷ luật đảng, Quy định 22-QĐ/TW) leaves in force. A changed
/// form keeps the first decision's date, so its waiting period still counts from that date.
/// </summary>
public static class DisciplineAppeal
{
    // The outcomes as Supervision's DisciplineChanged names them.
    public const string Upheld = DisciplineChanged.Upheld;
    public const string Changed = DisciplineChanged.Changed;
    public const string Annulled = DisciplineChanged.Annulled;

    /// <summary>The form in force after the appeal; null when it annulled the discipline.</summary>
    public static DisciplineForm? FormAfter(DisciplineForm current, string outcome, string? newForm) => outcome switch
    {
        Upheld => current,
        Changed when DisciplineForms.TryParse(newForm, out var form) => form,
        Changed => throw new ArgumentException($"A changed discipline needs a known form, not '{newForm}'.", nameof(newForm)),
        Annulled => null,
        _ => throw new ArgumentException($"Unknown appeal outcome '{outcome}'.", nameof(outcome)),
    };
}

/// <summary>Reads a form by its contract name ("Reprimand"...), refusing numbers and unknown names.</summary>
public static class DisciplineForms
{
    public static bool TryParse(string? name, out DisciplineForm form) =>
        Enum.TryParse(name, ignoreCase: false, out form) && Enum.IsDefined(form) && !int.TryParse(name, out _);
}
