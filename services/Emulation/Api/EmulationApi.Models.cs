using Grpc.Core;
using NgheAn.Access.Rules;
using NgheAn.Access;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Domain;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Api;

/// <summary>Exemplary models (mô hình điển hình) and their lifecycle, each step with evidence, who and when.</summary>
public sealed partial class EmulationApi
{
    public override async Task<Proto.ExemplaryModel> CreateModel(Proto.CreateModelRequest request, ServerCallContext context)
    {
        var input = request.Model ?? throw ApiErrors.InvalidArgument("model", "is required.");
        var errors = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add(new("model.name", "is required."));
        if (input.Subject == Proto.ModelSubject.Unspecified) errors.Add(new("model.subject", "is required: MODEL_SUBJECT_COLLECTIVE or MODEL_SUBJECT_INDIVIDUAL."));
        var personId = Collect(() => EmulationMapping.OptionalId(input.PersonId, "model.person_id"), errors);
        var movementId = Collect(() => EmulationMapping.OptionalId(input.MovementId, "model.movement_id"), errors);
        var documentId = Collect(() => EmulationMapping.OptionalId(input.DocumentId, "model.document_id"), errors);
        if (input.Steps.Count != 1) errors.Add(new("model.steps", "a new model has exactly one step, MODEL_STAGE_DETECTED."));
        var step = input.Steps.Count == 1 ? Collect(() => ToDomain(input.Steps[0], "model.steps[0]."), errors) : null;
        if (step is not null && ModelLifecycle.CheckFirst(step) is { } refusal) errors.Add(new($"model.steps[0].{refusal.Field}", refusal.Message));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        var unitId = await UnitForNewAsync(input.UnitId, "model.unit_id", context);
        if (movementId is { } movement)
        {
            var found = await db.Movements.AsNoTracking().FirstOrDefaultAsync(m => m.Id == movement, context.CancellationToken);
            if (found is null || !await access.ReachesAsync(found.UnitId, AccessKind.Read, context.CancellationToken))
            {
                throw ApiErrors.InvalidArgument("model.movement_id", $"no movement '{movement}'.");
            }

            documentId ??= found.DocumentId;
        }

        await KnownDocumentSymbolAsync(documentId, "model.document_id", context);
        var model = new ModelRecord
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name.Trim(),
            UnitId = unitId,
            Subject = input.Subject == Proto.ModelSubject.Collective ? AwardSubject.Collective : AwardSubject.Individual,
            PersonId = personId,
            MovementId = movementId,
            DocumentId = documentId,
            Stage = ModelStage.Detected,
            CreatedAt = clock.GetUtcNow(),
        };
        model.Steps.Add(StepRecord(model, step!, 0, context));
        db.Models.Add(model);
        await db.SaveChangesAsync(context.CancellationToken);
        return model.ToProto();
    }

    public override async Task<Proto.ExemplaryModel> GetModel(Proto.GetModelRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var model = await db.Models.AsNoTracking().Include(m => m.Steps).FirstOrDefaultAsync(m => m.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(model?.UnitId, model?.PersonId, "model", request.Id, context.CancellationToken);
        return model!.ToProto();
    }

    public override async Task<Proto.ListModelsResponse> ListModels(Proto.ListModelsRequest request, ServerCallContext context)
    {
        var movementId = EmulationMapping.OptionalId(request.MovementId, "movement_id");
        var query = movementId is { } movement ? db.Models.AsNoTracking().Where(m => m.MovementId == movement) : db.Models.AsNoTracking();
        var (page, next) = await VisiblePageAsync(query, m => m.UnitId, m => m.PersonId, m => m.Id, request.PageSize, request.PageToken, $"models|{movementId}", context);
        var response = new Proto.ListModelsResponse { NextPageToken = next };
        response.Models.AddRange(page.Select(m => m.ToProto()));
        return response;
    }

    public override async Task<Proto.ExemplaryModel> AdvanceModel(Proto.AdvanceModelRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var step = ToDomain(request.Step ?? throw ApiErrors.InvalidArgument("step", "is required."), "step.");
        var model = await db.Models.Include(m => m.Steps).FirstOrDefaultAsync(m => m.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(model?.UnitId, model?.PersonId, "model", request.Id, context.CancellationToken);

        var history = model!.Steps.OrderBy(s => s.Sequence).Select(s => s.ToStep()).ToList();
        if (ModelLifecycle.Check(history, step, model.UnitId) is { } refusal)
        {
            // A step the current stage does not allow is a state problem; a bad field is bad input.
            throw refusal.Field == "stage"
                ? ApiErrors.FailedPrecondition("model-lifecycle", $"models/{model.Id}", refusal.Message)
                : ApiErrors.InvalidArgument($"step.{refusal.Field}", refusal.Message);
        }

        if (step.ReplicatedIn is { Count: > 0 } units)
        {
            var known = await db.Set<OrgUnit>().Where(u => units.Contains(u.Id)).Select(u => u.Id).ToListAsync(context.CancellationToken);
            if (units.Except(known).FirstOrDefault() is { } unknown)
            {
                throw ApiErrors.InvalidArgument("step.replicated_in", $"unknown organisation unit '{unknown}'.");
            }
        }

        model.Steps.Add(StepRecord(model, step, model.Steps.Count, context));
        model.Stage = step.Stage;
        await PublishStepAsync(model, step, context.CancellationToken);

        // Two steps recorded at once take the same sequence number: the second is refused.
        await db.SaveChangesOrAsync(() => ApiErrors.FailedPrecondition("model-changed", $"models/{model.Id}",
            "The model was changed by another step at the same time; read it again and retry."), context.CancellationToken);
        return model.ToProto();
    }

    private async Task PublishStepAsync(ModelRecord model, ModelStep step, CancellationToken cancellationToken)
    {
        switch (step.Stage)
        {
            case ModelStage.Nominated:
                // Against formalism: models of the same unit with a like name already put forward.
                var others = await db.Models.AsNoTracking()
                    .Where(m => m.UnitId == model.UnitId && m.Id != model.Id && m.Stage >= ModelStage.Nominated)
                    .Select(m => new { m.Id, m.Name }).ToListAsync(cancellationToken);
                model.LikelyDuplicateOf = DuplicateNominations.LikelyDuplicates(model.UnitId, model.Name,
                    others.Select(m => new NominationTitle(m.Id.ToString(), model.UnitId, m.Name))).Select(n => Guid.Parse(n.Id)).ToList();
                db.AddIntegrationEvent(new ModelNominated
                {
                    ModelId = model.Id, UnitId = model.UnitId, Name = model.Name, Level = step.Level!.Value.Key(),
                    NominatedOn = step.DecidedOn, LikelyDuplicateOf = model.LikelyDuplicateOf,
                });
                break;
            case ModelStage.Commended:
                // Reports count a model once, at the highest level it reached.
                if (model.CommendedLevel is null || step.Level > model.CommendedLevel)
                {
                    model.CommendedLevel = step.Level;
                    model.CommendedOn = step.DecidedOn;
                }

                db.AddIntegrationEvent(new ModelCommended
                {
                    ModelId = model.Id, UnitId = model.UnitId, Name = model.Name, Level = step.Level!.Value.Key(),
                    DocumentId = model.DocumentId,
                    DocumentSymbol = await SymbolOfAsync(model.DocumentId, cancellationToken),
                    Movement = model.MovementId is { } movement
                        ? await db.Movements.Where(m => m.Id == movement).Select(m => m.Name).FirstOrDefaultAsync(cancellationToken)
                        : null,
                    CommendedOn = step.DecidedOn,
                });
                break;
            case ModelStage.Replicated:
                db.AddIntegrationEvent(new ModelReplicated
                {
                    ModelId = model.Id, UnitId = model.UnitId, Name = model.Name, ReplicatedIn = step.ReplicatedIn!, ReplicatedOn = step.DecidedOn,
                });
                break;
        }
    }

    private ModelStepRecord StepRecord(ModelRecord model, ModelStep step, int sequence, ServerCallContext context) => new()
    {
        Id = Guid.CreateVersion7(),
        ModelId = model.Id,
        Sequence = sequence,
        Stage = step.Stage,
        DecidedOn = step.DecidedOn,
        DecidedBy = step.DecidedBy.Trim(),
        Evidence = step.Evidence.Select(e => e.Trim()).ToList(),
        Level = step.Level,
        Passed = step.Passed,
        ReplicatedIn = step.ReplicatedIn?.ToList() ?? [],
        RecordedBy = context.Caller().Person,
        RecordedAt = clock.GetUtcNow(),
    };

    /// <summary>The wire step as the domain's; only the fields its stage uses are kept.</summary>
    private static ModelStep ToDomain(Proto.ModelStep step, string prefix)
    {
        if (step.Stage == Proto.ModelStage.Unspecified)
        {
            throw ApiErrors.InvalidArgument($"{prefix}stage", "is required.");
        }

        var stage = (ModelStage)(int)step.Stage;
        return new ModelStep(
            stage,
            EmulationMapping.RequiredDate(step.DecidedOn, $"{prefix}decided_on"),
            step.DecidedBy,
            step.Evidence.ToList(),
            stage is ModelStage.Nominated or ModelStage.Commended ? step.Level.ToDomain() : null,
            stage == ModelStage.Appraised ? step.Passed : null,
            stage == ModelStage.Replicated ? step.ReplicatedIn.Select(u => u.Trim()).ToList() : null);
    }
}
