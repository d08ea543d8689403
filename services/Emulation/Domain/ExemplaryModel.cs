namespace NgheAn.Emulation.Domain;

/// <summary>Stages of an exemplary model (mô hình điển hình), in their usual order.</summary>
public enum ModelStage
{
    Detected = 1, // phát hiện
    Nurtured = 2, // bồi dưỡng
    Nominated = 3, // đề nghị, at a level
    Appraised = 4, // thẩm định
    Commended = 5, // khen thưởng, at a level
    Replicated = 6, // nhân rộng in other units
    Reviewed = 7, // sơ kết, tổng kết
}

/// <summary>One step a model takes: every step names who decided, when, and the evidence (by reference).</summary>
public sealed record ModelStep(
    ModelStage Stage,
    DateOnly DecidedOn,
    string DecidedBy,
    IReadOnlyList<string> Evidence,
    CommendationLevel? Level = null,
    bool? Passed = null,
    IReadOnlyList<string>? ReplicatedIn = null);

/// <summary>Why a step is refused, naming the field at fault.</summary>
public sealed record StepRefusal(string Field, string Message);

/// <summary>
/// The lifecycle rules of an exemplary model, against formalism: no step without evidence and a
/// decider, dates never go backwards, commendation only at the level appraised, replication only
/// into other units, and a model goes up a level only after it was commended below.
/// </summary>
public static class ModelLifecycle
{
    /// <summary>Stages each stage may move to.</summary>
    private static readonly Dictionary<ModelStage, ModelStage[]> Next = new()
    {
        [ModelStage.Detected] = [ModelStage.Nurtured],
        [ModelStage.Nurtured] = [ModelStage.Nominated],
        [ModelStage.Nominated] = [ModelStage.Appraised],
        // A failed appraisal sends the model back to be nurtured; a passed one leads to commendation.
        [ModelStage.Appraised] = [ModelStage.Commended, ModelStage.Nurtured],
        [ModelStage.Commended] = [ModelStage.Replicated, ModelStage.Reviewed, ModelStage.Nominated],
        [ModelStage.Replicated] = [ModelStage.Replicated, ModelStage.Reviewed, ModelStage.Nominated],
        [ModelStage.Reviewed] = [ModelStage.Replicated, ModelStage.Nominated],
    };

    /// <summary>The first step: a model is detected in its own unit.</summary>
    public static StepRefusal? CheckFirst(ModelStep step) =>
        step.Stage != ModelStage.Detected
            ? new StepRefusal("stage", "A model starts as detected.")
            : CheckCommon(step, previous: null);

    /// <summary>Null when <paramref name="step"/> may follow <paramref name="history"/> (oldest first) for a model of <paramref name="unitId"/>.</summary>
    public static StepRefusal? Check(IReadOnlyList<ModelStep> history, ModelStep step, string unitId)
    {
        if (history.Count == 0)
        {
            return CheckFirst(step);
        }

        var current = history[^1];
        if (!Next[current.Stage].Contains(step.Stage))
        {
            return new StepRefusal("stage", $"A model that is {Name(current.Stage)} cannot become {Name(step.Stage)}; next: {string.Join(", ", Next[current.Stage].Select(Name))}.");
        }

        if (CheckCommon(step, current) is { } refusal)
        {
            return refusal;
        }

        var commendedAt = HighestCommendation(history);
        return step.Stage switch
        {
            ModelStage.Nominated when step.Level is not { } level => new StepRefusal("level", "A nomination names its level."),
            ModelStage.Nominated when commendedAt is { } done && step.Level <= done =>
                new StepRefusal("level", $"The model was already commended at {done}; a new nomination must be at a higher level."),
            ModelStage.Appraised when step.Passed is null => new StepRefusal("passed", "An appraisal says whether the model passed."),
            ModelStage.Nurtured when current.Stage == ModelStage.Appraised && current.Passed != false =>
                new StepRefusal("stage", "Only a model that failed its appraisal goes back to being nurtured."),
            ModelStage.Commended when current.Passed != true => new StepRefusal("stage", "Only a model that passed its appraisal is commended."),
            ModelStage.Commended when step.Level != LastNomination(history)?.Level =>
                new StepRefusal("level", $"The model is commended at the level it was nominated and appraised at ({LastNomination(history)?.Level})."),
            ModelStage.Replicated when step.ReplicatedIn is not { Count: > 0 } units => new StepRefusal("replicated_in", "Name the units the model was replicated in."),
            ModelStage.Replicated when step.ReplicatedIn!.Contains(unitId, StringComparer.Ordinal) =>
                new StepRefusal("replicated_in", "A model is replicated in other units, not in its own."),
            _ => null,
        };
    }

    /// <summary>The highest level at which the model has been commended, if any.</summary>
    public static CommendationLevel? HighestCommendation(IEnumerable<ModelStep> history) =>
        history.Where(s => s.Stage == ModelStage.Commended).Select(s => s.Level).Max();

    private static ModelStep? LastNomination(IReadOnlyList<ModelStep> history) =>
        history.LastOrDefault(s => s.Stage == ModelStage.Nominated);

    private static StepRefusal? CheckCommon(ModelStep step, ModelStep? previous)
    {
        if (string.IsNullOrWhiteSpace(step.DecidedBy))
        {
            return new StepRefusal("decided_by", "Every step records who decided it.");
        }

        if (step.Evidence.Count == 0 || step.Evidence.Any(string.IsNullOrWhiteSpace))
        {
            return new StepRefusal("evidence", "Every step needs evidence (a document or file reference).");
        }

        if (previous is not null && step.DecidedOn < previous.DecidedOn)
        {
            return new StepRefusal("decided_on", $"A step cannot be dated before the previous one ({previous.DecidedOn:yyyy-MM-dd}).");
        }

        if (step.Level is { } level && !level.UsableOn(step.DecidedOn))
        {
            return new StepRefusal("level", $"District level ended on {CommendationLevels.LastDistrictDay:yyyy-MM-dd} with the districts.");
        }

        return null;
    }

    private static string Name(ModelStage stage) => stage.ToString().ToLowerInvariant();
}
