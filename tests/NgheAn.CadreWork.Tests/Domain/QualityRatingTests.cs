using NgheAn.CadreWork.Domain;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class QualityRatingTests
{
    private static readonly DateOnly Regulation366 = new(2025, 8, 30);

    private static RatingInput Input(
        decimal? general = 25, decimal? task = 60, bool onTime = true, RatingGrade? proposed = null, DateOnly? date = null,
        IReadOnlyList<DisciplineRecord>? disciplines = null, bool collective = false, bool leadershipDisciplined = false) =>
        new(date ?? new DateOnly(2025, 12, 15), 2025, general, task, onTime, proposed, disciplines ?? [], collective, leadershipDisciplined);

    [Theory]
    [InlineData(30, 60, RatingGrade.Excellent)] // 90
    [InlineData(29.5, 60, RatingGrade.Good)] // 89.5
    [InlineData(20, 50, RatingGrade.Good)] // 70
    [InlineData(20, 49.5, RatingGrade.Completed)] // 69.5
    [InlineData(10, 40, RatingGrade.Completed)] // 50
    [InlineData(10, 39.5, RatingGrade.NotCompleted)] // 49.5
    [InlineData(0, 0, RatingGrade.NotCompleted)]
    public void Scores_map_to_grades_at_the_thresholds_of_366(double general, double task, RatingGrade expected)
    {
        var outcome = QualityRating.Decide(Input((decimal)general, (decimal)task));

        Assert.Equal(expected, outcome.Grade);
        Assert.Equal(QualityRating.Regulation366, outcome.Rule);
    }

    [Fact]
    public void Ninety_points_with_a_late_task_is_not_excellent()
    {
        Assert.Equal(RatingGrade.Good, QualityRating.Decide(Input(30, 60, onTime: false)).Grade);
    }

    [Fact]
    public void On_the_day_366_takes_effect_the_score_decides()
    {
        var outcome = QualityRating.Decide(Input(30, 60, date: Regulation366));

        Assert.Equal(QualityRating.Regulation366, outcome.Rule);
        Assert.Equal(RatingGrade.Excellent, outcome.Grade);
    }

    [Fact]
    public void The_day_before_366_the_grade_is_judged_under_124()
    {
        var outcome = QualityRating.Decide(Input(30, 60, proposed: RatingGrade.Good, date: Regulation366.AddDays(-1)));

        Assert.Equal(QualityRating.Regulation124, outcome.Rule);
        Assert.Equal(RatingGrade.Good, outcome.Grade);
    }

    [Fact]
    public void Under_124_a_proposed_grade_is_required()
    {
        var error = Assert.Throws<RatingInputException>(() => QualityRating.Decide(Input(date: Regulation366.AddDays(-1))));

        Assert.Equal("rating.proposed_grade", Assert.Single(error.Problems).Field);
    }

    [Theory]
    [InlineData(null, 60.0, "rating.general_score")]
    [InlineData(31.0, 60.0, "rating.general_score")]
    [InlineData(-1.0, 60.0, "rating.general_score")]
    [InlineData(30.0, 71.0, "rating.task_score")]
    [InlineData(30.0, null, "rating.task_score")]
    public void Under_366_scores_must_be_within_their_parts(double? general, double? task, string field)
    {
        var error = Assert.Throws<RatingInputException>(() => QualityRating.Decide(Input((decimal?)general, (decimal?)task)));

        Assert.Contains(error.Problems, p => p.Field == field);
    }

    [Fact]
    public void Discipline_in_the_year_caps_the_rating_at_KHTNV()
    {
        var outcome = QualityRating.Decide(Input(30, 65, disciplines: [new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2025, 1, 1))]));

        Assert.Equal(RatingGrade.NotCompleted, outcome.Grade);
        Assert.Equal(RatingGrade.Excellent, outcome.Uncapped);
        var cap = Assert.Single(outcome.Caps);
        Assert.Equal(RatingCaps.DisciplineInYear, cap.Rule);
        Assert.Contains(RatingCaps.DisciplineInYear.Id, outcome.RuleIds);
    }

    [Fact]
    public void Self_detected_and_remedied_discipline_does_not_cap()
    {
        var outcome = QualityRating.Decide(Input(30, 65, disciplines: [new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(2025, 3, 1), SelfDetectedAndRemedied: true)]));

        Assert.Equal(RatingGrade.Excellent, outcome.Grade);
        Assert.Empty(outcome.Caps);
    }

    [Fact]
    public void Discipline_of_another_year_does_not_cap()
    {
        var outcome = QualityRating.Decide(Input(30, 65, disciplines: [new DisciplineRecord(DisciplineForm.Warning, new DateOnly(2024, 12, 31))]));

        Assert.Equal(RatingGrade.Excellent, outcome.Grade);
    }

    [Fact]
    public void A_collective_with_a_disciplined_leader_cannot_be_excellent()
    {
        var outcome = QualityRating.Decide(Input(30, 65, collective: true, leadershipDisciplined: true));

        Assert.Equal(RatingGrade.Good, outcome.Grade);
        Assert.Equal(RatingCaps.CollectiveLeadership, Assert.Single(outcome.Caps).Rule);
    }

    [Theory]
    [InlineData(2025, 3, 1, false, true)]
    [InlineData(2025, 3, 1, true, true)] // self-detection spares the person, not the collective's leadership
    [InlineData(2024, 12, 31, false, false)] // the year before
    [InlineData(2025, 12, 20, false, false)] // after the rating date
    public void A_leadership_discipline_counts_when_decided_in_the_year_up_to_the_rating_date(int year, int month, int day, bool selfDetected, bool counts)
    {
        var discipline = new DisciplineRecord(DisciplineForm.Reprimand, new DateOnly(year, month, day), selfDetected);

        Assert.Equal(counts, RatingCaps.LeadershipDisciplined([discipline], 2025, new DateOnly(2025, 12, 15)));
    }

    [Fact]
    public void A_collective_without_a_disciplined_leader_can_be_excellent()
    {
        var outcome = QualityRating.Decide(Input(30, 65, collective: true, leadershipDisciplined: RatingCaps.LeadershipDisciplined([], 2025, new DateOnly(2025, 12, 15))));

        Assert.Equal(RatingGrade.Excellent, outcome.Grade);
        Assert.Empty(outcome.Caps);
    }

    [Theory]
    [InlineData(1, 5, true)] // exactly 20%
    [InlineData(2, 10, true)] // exactly 20%
    [InlineData(2, 9, false)] // 22%
    [InlineData(1, 4, false)] // 25%
    [InlineData(1, 0, false)]
    [InlineData(0, 0, true)]
    public void The_excellence_quota_is_20_percent_of_HTTNV(int excellent, int good, bool within)
    {
        var check = ExcellenceQuota.Check(new DateOnly(2025, 12, 15), excellent, good);

        Assert.Equal(within, check.Within);
        Assert.Equal(ExcellenceQuota.Rule124, check.Rule);
    }

    private static readonly DateOnly QuotaDate = new(2025, 12, 15);

    [Fact]
    public void An_HTXSNV_at_exactly_20_percent_passes_without_a_reason_and_keeps_none()
    {
        var decision = ExcellenceQuota.Decide(RatingGrade.Excellent, QuotaDate, otherExcellent: 0, good: 5, "không cần");

        Assert.False(decision.Refused);
        Assert.Null(decision.KeptOverrideReason);
        Assert.Null(decision.OverriddenRule);
    }

    [Fact]
    public void An_HTXSNV_over_the_quota_is_refused_without_a_written_reason()
    {
        var decision = ExcellenceQuota.Decide(RatingGrade.Excellent, QuotaDate, otherExcellent: 1, good: 5, "   ");

        Assert.True(decision.Refused);
        Assert.Contains("Quy định 124-QĐ/TW", decision.Check!.Message);
        Assert.Equal((2, 5), (decision.Check.Excellent, decision.Check.Good));
    }

    [Fact]
    public void An_override_keeps_its_reason_and_the_quota_rule_joins_the_trail()
    {
        var outcome = QualityRating.Decide(new RatingInput(QuotaDate, 2025, 28, 65, true, null, [], IsCollective: true));
        var decision = ExcellenceQuota.Decide(outcome.Grade, QuotaDate, otherExcellent: 1, good: 5, " Chi bộ dẫn đầu phong trào ");

        Assert.False(decision.Refused);
        Assert.Equal("Chi bộ dẫn đầu phong trào", decision.KeptOverrideReason);
        Assert.Equal(ExcellenceQuota.Rule124, decision.OverriddenRule);
        Assert.Equal([QualityRating.Regulation366.Id, ExcellenceQuota.Rule124.Id], decision.RuleTrail(outcome));
    }

    [Theory]
    [InlineData(RatingGrade.Good)]
    [InlineData(RatingGrade.Completed)]
    [InlineData(RatingGrade.NotCompleted)]
    public void Only_HTXSNV_counts_against_the_quota(RatingGrade grade)
    {
        var decision = ExcellenceQuota.Decide(grade, QuotaDate, otherExcellent: 9, good: 0, "lý do");

        Assert.False(decision.Refused);
        Assert.Null(decision.KeptOverrideReason);
    }
}
