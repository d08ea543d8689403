using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Tests.Domain;

public sealed class InspectionStagesTests
{
    private static readonly DateOnly Opened = new(2026, 3, 2);

    [Theory]
    [InlineData(InspectionStage.Prepare, InspectionStage.Conduct)]
    [InlineData(InspectionStage.Conduct, InspectionStage.Conclude)]
    public void A_case_moves_to_the_next_stage(InspectionStage from, InspectionStage to) =>
        Assert.Null(InspectionStages.CheckMove(from, to, Opened, Opened.AddDays(10)));

    [Theory]
    [InlineData(InspectionStage.Prepare, InspectionStage.Conclude)]
    [InlineData(InspectionStage.Conduct, InspectionStage.Prepare)]
    [InlineData(InspectionStage.Conclude, InspectionStage.Conduct)]
    [InlineData(InspectionStage.Conclude, InspectionStage.Conclude)]
    public void A_case_neither_skips_nor_goes_back(InspectionStage from, InspectionStage to)
    {
        var refusal = InspectionStages.CheckMove(from, to, Opened, Opened.AddDays(10));
        Assert.Contains("prepare → conduct → conclude", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_does_not_begin_before_the_previous_one()
    {
        Assert.Contains("2026-03-02", InspectionStages.CheckMove(InspectionStage.Prepare, InspectionStage.Conduct, Opened, Opened.AddDays(-1)), StringComparison.Ordinal);
        Assert.Null(InspectionStages.CheckMove(InspectionStage.Prepare, InspectionStage.Conduct, Opened, Opened));
    }

    [Theory]
    [InlineData(InspectionKind.Regular, true)]
    [InlineData(InspectionKind.Thematic, true)]
    [InlineData(InspectionKind.SignsOfViolation, false)]
    public void Only_cases_on_signs_of_violation_stand_outside_a_programme(InspectionKind kind, bool needsProgramme) =>
        Assert.Equal(needsProgramme, InspectionStages.NeedsProgramme(kind));
}
