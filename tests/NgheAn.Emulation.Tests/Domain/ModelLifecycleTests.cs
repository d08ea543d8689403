using NgheAn.Emulation.Domain;

namespace NgheAn.Emulation.Tests.Domain;

public sealed class ModelLifecycleTests
{
    private const string Unit = "xa-kim-lien";
    private static readonly string[] Evidence = ["bien-ban-01"];

    private static ModelStep Step(ModelStage stage, DateOnly on, CommendationLevel? level = null, bool? passed = null, string[]? units = null) =>
        new(stage, on, "person-1", Evidence, level, passed, units);

    private static readonly List<ModelStep> CommendedAtGrassroots =
    [
        Step(ModelStage.Detected, new(2025, 1, 5)),
        Step(ModelStage.Nurtured, new(2025, 2, 1)),
        Step(ModelStage.Nominated, new(2025, 9, 1), CommendationLevel.Grassroots),
        Step(ModelStage.Appraised, new(2025, 9, 20), passed: true),
        Step(ModelStage.Commended, new(2025, 10, 1), CommendationLevel.Grassroots),
    ];

    [Fact]
    public void The_full_path_is_accepted_step_by_step()
    {
        var history = new List<ModelStep>();
        foreach (var step in CommendedAtGrassroots)
        {
            Assert.Null(ModelLifecycle.Check(history, step, Unit));
            history.Add(step);
        }

        Assert.Null(ModelLifecycle.Check(history, Step(ModelStage.Replicated, new(2025, 12, 1), units: ["xa-nam-dan"]), Unit));
        Assert.Equal(CommendationLevel.Grassroots, ModelLifecycle.HighestCommendation(history));
    }

    [Fact]
    public void A_model_starts_as_detected()
    {
        Assert.Equal("stage", ModelLifecycle.CheckFirst(Step(ModelStage.Nominated, new(2025, 1, 1), CommendationLevel.Province))?.Field);
    }

    [Fact]
    public void Every_step_needs_evidence_and_a_decider()
    {
        Assert.Equal("evidence", ModelLifecycle.CheckFirst(new(ModelStage.Detected, new(2025, 1, 1), "person-1", []))?.Field);
        Assert.Equal("evidence", ModelLifecycle.CheckFirst(new(ModelStage.Detected, new(2025, 1, 1), "person-1", [" "]))?.Field);
        Assert.Equal("decided_by", ModelLifecycle.CheckFirst(new(ModelStage.Detected, new(2025, 1, 1), "", Evidence))?.Field);
    }

    [Fact]
    public void Stages_cannot_be_skipped_nor_dated_backwards()
    {
        var detected = new List<ModelStep> { Step(ModelStage.Detected, new(2025, 3, 1)) };
        Assert.Equal("stage", ModelLifecycle.Check(detected, Step(ModelStage.Commended, new(2025, 4, 1), CommendationLevel.Grassroots), Unit)?.Field);
        Assert.Equal("decided_on", ModelLifecycle.Check(detected, Step(ModelStage.Nurtured, new(2025, 2, 28)), Unit)?.Field);
        Assert.Null(ModelLifecycle.Check(detected, Step(ModelStage.Nurtured, new(2025, 3, 1)), Unit));
    }

    [Fact]
    public void Commendation_follows_a_passed_appraisal_at_the_nominated_level()
    {
        var appraised = CommendedAtGrassroots.Take(4).ToList();
        Assert.Equal("level", ModelLifecycle.Check(appraised, Step(ModelStage.Commended, new(2025, 10, 1), CommendationLevel.Province), Unit)?.Field);

        var failed = CommendedAtGrassroots.Take(3).Append(Step(ModelStage.Appraised, new(2025, 9, 20), passed: false)).ToList();
        Assert.Equal("stage", ModelLifecycle.Check(failed, Step(ModelStage.Commended, new(2025, 10, 1), CommendationLevel.Grassroots), Unit)?.Field);
        Assert.Null(ModelLifecycle.Check(failed, Step(ModelStage.Nurtured, new(2025, 10, 1)), Unit));
        Assert.Equal("stage", ModelLifecycle.Check(appraised, Step(ModelStage.Nurtured, new(2025, 10, 1)), Unit)?.Field);
    }

    [Fact]
    public void A_new_nomination_goes_up_a_level()
    {
        Assert.Equal("level", ModelLifecycle.Check(CommendedAtGrassroots, Step(ModelStage.Nominated, new(2026, 3, 1), CommendationLevel.Grassroots), Unit)?.Field);
        Assert.Null(ModelLifecycle.Check(CommendedAtGrassroots, Step(ModelStage.Nominated, new(2026, 3, 1), CommendationLevel.Province), Unit));
    }

    [Fact]
    public void Replication_names_other_units()
    {
        Assert.Equal("replicated_in", ModelLifecycle.Check(CommendedAtGrassroots, Step(ModelStage.Replicated, new(2025, 12, 1), units: []), Unit)?.Field);
        Assert.Equal("replicated_in", ModelLifecycle.Check(CommendedAtGrassroots, Step(ModelStage.Replicated, new(2025, 12, 1), units: [Unit]), Unit)?.Field);
    }

    [Fact]
    public void District_level_ends_with_the_districts_on_30_June_2025()
    {
        var nurtured = CommendedAtGrassroots.Take(2).ToList();
        Assert.Null(ModelLifecycle.Check(nurtured, Step(ModelStage.Nominated, new(2025, 6, 30), CommendationLevel.District), Unit));
        Assert.Equal("level", ModelLifecycle.Check(nurtured, Step(ModelStage.Nominated, new(2025, 7, 1), CommendationLevel.District), Unit)?.Field);
    }
}
