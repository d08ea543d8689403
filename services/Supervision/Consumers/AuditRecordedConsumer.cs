using NgheAn.Contracts.Events.Audit;
using NgheAn.Messaging.Inbox;
using NgheAn.Supervision.Data;

namespace NgheAn.Supervision.Consumers;

/// <summary>Keeps the platform's audit trail: every service's AuditRecorded events.</summary>
public sealed class AuditRecordedConsumer(SupervisionDbContext db) : InboxConsumer<AuditRecorded, SupervisionDbContext>(db)
{
    protected override Task Handle(AuditRecorded message, CancellationToken cancellationToken)
    {
        Db.AuditEntries.Add(new AuditEntry
        {
            Id = message.EventId,
            Service = message.Service,
            EntityType = message.EntityType,
            EntityId = message.EntityId,
            Action = message.Action,
            Person = message.Person,
            Roles = [.. message.Roles],
            CallerUnitId = message.CallerUnitId,
            UnitId = message.UnitId,
            Changes = message.Changes,
            ChangedAt = message.OccurredAt,
            CorrelationId = message.CorrelationId,
        });
        return Task.CompletedTask;
    }
}
