using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using NgheAn.Contracts.Events;
using NgheAn.Contracts.Events.Audit;
using NgheAn.Messaging.Inbox;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Correlation;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Messaging.Audit;

/// <summary>
/// Records every change an API caller makes: for each added, modified or deleted record, an
/// AuditRecorded event goes into the outbox in the same SaveChanges (so the audit trail and the
/// change commit together or not at all). Writes without a caller (consumers applying another
/// service's event, seeding) are not audited here: the change was audited where it was made.
/// A property marked <see cref="PersonalDataAttribute" /> is recorded as {"changed": true}, never
/// with its values: the trail says which personal fields changed, not what they hold.
/// </summary>
internal sealed class AuditInterceptor(string serviceName, IHttpContextAccessor http) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? db)
    {
        var context = http.HttpContext;
        if (db is null || context?.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var caller = Caller.From(context.User);
        var correlationId = context.Request.Headers[CorrelationIdMiddleware.HeaderName].ToString();
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsAudited(e.Entity))
            .ToList();
        foreach (var entry in changed)
        {
            db.AddIntegrationEvent(new AuditRecorded
            {
                Service = serviceName,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
                Action = entry.State switch { EntityState.Added => "Created", EntityState.Deleted => "Deleted", _ => "Updated" },
                Person = caller.Person,
                Roles = [.. caller.Roles.Order()],
                CallerUnitId = caller.UnitId,
                UnitId = entry.Entity is IBelongsToUnit owned ? owned.OwningUnitId : entry.Properties.FirstOrDefault(p => p.Metadata.Name == "UnitId")?.CurrentValue as string,
                Changes = JsonSerializer.Serialize(ChangesOf(entry), Json),
                CorrelationId = correlationId.Length > 0 ? correlationId : null,
            });
        }
    }

    private static bool IsAudited(object entity) => entity is not (OutboxMessage or InboxMessage);

    /// <summary>What changed: old and new values, but for a personal property only that it changed.</summary>
    private static Dictionary<string, object?> ChangesOf(EntityEntry entry) =>
        entry.Properties
            .Where(p => entry.State != EntityState.Modified || p.IsModified)
            .ToDictionary(
                p => p.Metadata.Name,
                p => (object?)(IsPersonal(p.Metadata) ? PersonalChange : entry.State switch
                {
                    EntityState.Added => new { @new = p.CurrentValue },
                    EntityState.Deleted => new { old = p.OriginalValue },
                    _ => new { old = p.OriginalValue, @new = p.CurrentValue },
                }));

    private static readonly object PersonalChange = new { changed = true };

    // Read once per property, not on every save.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<System.Reflection.PropertyInfo, bool> Personal = new();

    internal static bool IsPersonal(IReadOnlyPropertyBase property) =>
        property.PropertyInfo is { } info && Personal.GetOrAdd(info, static p => p.IsDefined(typeof(PersonalDataAttribute), inherit: true));
}
