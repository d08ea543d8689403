using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Messaging.OrgUnits;

/// <summary>Keeps a service's copy of the organisation tree, for its access checks.</summary>
public sealed class OrgUnitReplicaConsumer<TContext>(TContext db) : InboxConsumer<OrgUnitCreated, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(OrgUnitCreated message, CancellationToken cancellationToken)
    {
        var unit = await Db.Set<OrgUnit>().FindAsync([message.OrgUnitId], cancellationToken);
        if (unit is null)
        {
            unit = new OrgUnit { Id = message.OrgUnitId, Name = message.Name, Level = message.Level, Path = message.Path };
            Db.Set<OrgUnit>().Add(unit);
        }

        unit.Name = message.Name;
        unit.Level = message.Level;
        unit.ParentId = message.ParentId;
        unit.Path = message.Path;
        unit.ValidFrom = message.ValidFrom;
        unit.ValidTo = message.ValidTo;
        unit.PredecessorIds = [.. message.PredecessorIds];
    }
}
