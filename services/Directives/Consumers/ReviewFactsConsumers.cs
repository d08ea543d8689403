using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Emulation;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.Directives.Data;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Directives.Consumers;

/// <summary>Keeps Emulation's commended models for reviews.</summary>
public sealed class ModelCommendedConsumer(DirectivesDbContext db) : InboxConsumer<ModelCommended, DirectivesDbContext>(db)
{
    protected override async Task Handle(ModelCommended message, CancellationToken cancellationToken)
    {
        // A model commended again at a higher level counts at its latest level.
        var model = await Db.CommendedModels.FirstOrDefaultAsync(m => m.ModelId == message.ModelId, cancellationToken);
        if (model is null)
        {
            model = new CommendedModel { ModelId = message.ModelId, Name = message.Name, Level = message.Level };
            Db.CommendedModels.Add(model);
        }

        model.Name = message.Name;
        model.Level = message.Level;
        model.DocumentId = message.DocumentId;
        model.DocumentSymbol = message.DocumentSymbol;
        model.UnitId = message.UnitId;
        model.CommendedOn = message.CommendedOn;
    }
}

/// <summary>Keeps Supervision's resolved and overdue petitions for reviews.</summary>
public sealed class PetitionResolvedConsumer(DirectivesDbContext db) : InboxConsumer<PetitionResolved, DirectivesDbContext>(db)
{
    protected override async Task Handle(PetitionResolved message, CancellationToken cancellationToken)
    {
        var petition = await PetitionRows.FindOrAddAsync(Db, message.PetitionId, message.Kind, message.UnitId, message.DocumentId, cancellationToken);
        petition.ResolvedOn = message.ResolvedOn;
    }
}

public sealed class PetitionOverdueConsumer(DirectivesDbContext db) : InboxConsumer<PetitionOverdue, DirectivesDbContext>(db)
{
    protected override async Task Handle(PetitionOverdue message, CancellationToken cancellationToken)
    {
        var petition = await PetitionRows.FindOrAddAsync(Db, message.PetitionId, message.Kind, message.UnitId, message.DocumentId, cancellationToken);
        petition.OverdueOn ??= message.DueDate.AddDays(1);
    }
}

internal static class PetitionRows
{
    public static async Task<PetitionRecord> FindOrAddAsync(DirectivesDbContext db, Guid id, string kind, string? unitId, Guid? documentId, CancellationToken cancellationToken)
    {
        var petition = await db.Petitions.FirstOrDefaultAsync(p => p.PetitionId == id, cancellationToken);
        if (petition is null)
        {
            petition = new PetitionRecord { PetitionId = id, Kind = kind };
            db.Petitions.Add(petition);
        }

        petition.UnitId = unitId ?? petition.UnitId;
        petition.DocumentId = documentId ?? petition.DocumentId;
        return petition;
    }
}
