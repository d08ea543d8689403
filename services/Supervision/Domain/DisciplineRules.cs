using NgheAn.ServiceDefaults.Rules;

namespace NgheAn.Supervision.Domain;

/// <summary>Who is disciplined: a full or probationary party member, or a party organisation.</summary>
public enum DisciplineSubject
{
    FullMember = 1, // đảng viên chính thức
    ProbationaryMember = 2, // đảng viên dự bị
    Organisation = 3, // tổ chức đảng
}

/// <summary>Forms of Party discipline, mildest first (names as in the events other services read).</summary>
public enum DisciplineForm
{
    Reprimand = 1, // khiển trách
    Warning = 2, // cảnh cáo
    Dismissal = 3, // cách chức
    Expulsion = 4, // khai trừ
    Dissolution = 5, // giải tán
}

/// <summary>What an appeal against a decision (khiếu nại kỷ luật đảng) ended in.</summary>
public enum AppealOutcome
{
    Upheld = 1,
    Changed = 2,
    Annulled = 3,
}

/// <summary>A refusal naming the field at fault and the rule behind it.</summary>
public sealed record DisciplineRefusal(string Field, string Message, string LegalBasis);

/// <summary>
/// Which forms fit which subject, and when a decision stops having effect. Versioned by the decision
/// date like every rule of the platform.
/// </summary>
public static class DisciplineRules
{
    public static readonly RuleVersion Rule69 = new("qd-69-2022", "Quy định 69-QĐ/TW (06/7/2022) về kỷ luật tổ chức đảng, đảng viên vi phạm", new(2022, 7, 6), null);

    /// <summary>Forms allowed per subject under each version.</summary>
    public static readonly RuleBook<IReadOnlyDictionary<DisciplineSubject, DisciplineForm[]>> Forms = new("discipline forms",
    [
        (Rule69, new Dictionary<DisciplineSubject, DisciplineForm[]>
        {
            [DisciplineSubject.FullMember] = [DisciplineForm.Reprimand, DisciplineForm.Warning, DisciplineForm.Dismissal, DisciplineForm.Expulsion],
            [DisciplineSubject.ProbationaryMember] = [DisciplineForm.Reprimand, DisciplineForm.Warning],
            [DisciplineSubject.Organisation] = [DisciplineForm.Reprimand, DisciplineForm.Warning, DisciplineForm.Dissolution],
        }),
    ]);

    public static readonly RuleVersion EffectRule = new("discipline-effect-12-months", "Quy định 22-QĐ/TW (2021), continued by Quy định 296-QĐ/TW (2025): a decision ends its effect 12 months after it is announced when no new violation is disciplined", new(2021, 7, 28), null);

    /// <summary>Months after the announcement when a decision ends its effect without a new violation; expulsion and dissolution never do.</summary>
    public static readonly RuleBook<int> EffectMonths = new("discipline effect", [(EffectRule, 12)]);

    /// <summary>Null when the form fits the subject on the decision date. Dismissal needs a position to be dismissed from.</summary>
    public static DisciplineRefusal? Check(DisciplineSubject subject, DisciplineForm form, DateOnly decisionDate, bool holdsPosition)
    {
        var (rule, forms) = Forms.InForceOn(decisionDate);
        if (!forms[subject].Contains(form))
        {
            return new("form", $"{Name(form)} is not a form of discipline for {Name(subject)}; allowed: {string.Join(", ", forms[subject].Select(Name))}.", rule.LegalBasis);
        }

        if (form == DisciplineForm.Dismissal && !holdsPosition)
        {
            return new("form", "Cách chức removes a person from a position: the member holds none.", rule.LegalBasis);
        }

        return null;
    }

    /// <summary>
    /// Null when an appeal's outcome can be recorded: decided on or after the decision, and a changed
    /// form is another form that fits the subject on the original decision date.
    /// </summary>
    public static DisciplineRefusal? CheckAppeal(DisciplineSubject subject, DisciplineForm current, AppealOutcome outcome, DisciplineForm? newForm,
        DateOnly decisionDate, DateOnly decidedOn, bool holdsPosition)
    {
        var (rule, _) = Forms.InForceOn(decisionDate);
        if (decidedOn < decisionDate)
        {
            return new("decided_on", $"must not be before the decision of {decisionDate:yyyy-MM-dd}.", rule.LegalBasis);
        }

        return outcome switch
        {
            AppealOutcome.Changed when newForm is not { } form => new("form", "is required when the appeal changes the form.", rule.LegalBasis),
            AppealOutcome.Changed when newForm == current => new("form", $"is the form already imposed ({Name(current)}); record the appeal as upheld.", rule.LegalBasis),
            AppealOutcome.Changed => Check(subject, newForm!.Value, decisionDate, holdsPosition),
            _ when newForm is not null => new("form", "is only given when the appeal changes the form.", rule.LegalBasis),
            _ => null,
        };
    }

    /// <summary>The day the decision stops having effect (null: it never does), and the rule version that says so.</summary>
    public static (DateOnly? EndsOn, RuleVersion Rule) EffectEnds(DisciplineForm form, DateOnly announcedOn)
    {
        var (rule, months) = EffectMonths.InForceOn(announcedOn);
        return form is DisciplineForm.Expulsion or DisciplineForm.Dissolution ? (null, rule) : (announcedOn.AddMonths(months), rule);
    }

    /// <summary>
    /// Null when the subject stated fits what CadreWork records of the person (its membership:
    /// None, Full or Probationary), so a probationary member is not given a full member's forms.
    /// </summary>
    public static DisciplineRefusal? CheckMembership(DisciplineSubject subject, string membership, DateOnly decisionDate)
    {
        var (rule, _) = Forms.InForceOn(decisionDate);
        DisciplineSubject? recorded = membership switch
        {
            "Full" => DisciplineSubject.FullMember,
            "Probationary" => DisciplineSubject.ProbationaryMember,
            _ => null,
        };
        return recorded switch
        {
            null => new("person_id", "is not a party member in CadreWork's records; party discipline applies to members.", rule.LegalBasis),
            { } member when member != subject => new("subject", $"is {Name(subject)}, but CadreWork records the person as {Name(member)}.", rule.LegalBasis),
            _ => null,
        };
    }

    public static string Name(DisciplineForm form) => form switch
    {
        DisciplineForm.Reprimand => "khiển trách",
        DisciplineForm.Warning => "cảnh cáo",
        DisciplineForm.Dismissal => "cách chức",
        DisciplineForm.Expulsion => "khai trừ",
        _ => "giải tán",
    };

    public static string Name(DisciplineSubject subject) => subject switch
    {
        DisciplineSubject.FullMember => "a full party member",
        DisciplineSubject.ProbationaryMember => "a probationary party member",
        _ => "a party organisation",
    };
}
