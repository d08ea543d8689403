using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NgheAn.Contracts.Events.Audit;
using NgheAn.Messaging;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Correlation;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access;

/// <summary>Records a refused change in the audit trail: who tried what, and why it was refused.</summary>
public interface IDeniedWrites
{
    Task RecordAsync(Caller caller, MethodDeclaration method, string reason, HttpContext http);
}

/// <summary>
/// Writes the refusal as an AuditRecorded event (action "Denied") through the service's outbox, in
/// a database context of its own: nothing the refused call may have begun is saved with it.
/// </summary>
public sealed class DeniedWrites<TContext>(IServiceScopeFactory scopes, MessagingIdentity identity, ILogger<DeniedWrites<TContext>> logger) : IDeniedWrites
    where TContext : DbContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(Caller caller, MethodDeclaration method, string reason, HttpContext http)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var correlationId = http.Request.Headers[CorrelationIdMiddleware.HeaderName].ToString();
            db.AddIntegrationEvent(new AuditRecorded
            {
                Service = identity.Service,
                EntityType = method.Descriptor.Name,
                EntityId = "",
                Action = "Denied",
                Person = caller.Person,
                Roles = [.. caller.Roles.Order()],
                CallerUnitId = caller.UnitId,
                UnitId = caller.UnitId,
                Changes = JsonSerializer.Serialize(new { refused = reason }, Json),
                CorrelationId = correlationId.Length > 0 ? correlationId : null,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The caller is refused either way; a lost audit line is logged, not turned into a 500.
            logger.LogWarning(ex, "Could not record a refused {Method} in the audit trail", method.Descriptor.Name);
        }
    }
}
