using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Rules;
using NgheAn.ServiceDefaults.Security;
using NgheAn.Supervision.Data;
using Proto = NgheAn.Contracts.Supervision.V1;

namespace NgheAn.Supervision.Api;

/// <summary>
/// Supervision's API, one partial file per capability: inspections, discipline, citizen reception
/// and petitions. Every record belongs to a unit: callers change their unit's subtree and read what
/// they may see, and a record they may not see answers like one that does not exist (AIP-211).
/// </summary>
public sealed partial class SupervisionApi(SupervisionDbContext db, UnitScope<SupervisionDbContext> scope, TimeProvider clock)
    : Proto.SupervisionService.SupervisionServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>The unit a new record belongs to (the caller's by default), known and changeable by the caller.</summary>
    private async Task<string> WritableUnitAsync(string requested, string field, ServerCallContext context)
    {
        var caller = context.Caller();
        var unitId = requested.Trim() is { Length: > 0 } given ? given
            : caller.UnitId ?? throw ApiErrors.InvalidArgument(field, "is required for a caller without a unit.");
        await KnownUnitAsync(unitId, field, context.CancellationToken);
        await scope.DemandChangeAsync(caller, unitId, context.CancellationToken);
        return unitId;
    }

    private async Task<OrgUnit> KnownUnitAsync(string unitId, string field, CancellationToken cancellationToken) =>
        await db.Set<OrgUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken)
        ?? throw ApiErrors.InvalidArgument(field, $"unknown organisation unit '{unitId}'.");

    /// <summary>
    /// A record the caller may see (only in its subtree, for writes and personal records); otherwise PERMISSION_DENIED, or NOT_FOUND
    /// only for a province-wide caller who could have seen it.
    /// </summary>
    private async Task<T> VisibleAsync<T>(IQueryable<T> records, Guid id, Func<T, string> unitOf, string resourceType, ServerCallContext context, bool subtreeOnly = false)
        where T : class
    {
        var caller = context.Caller();
        var record = await records.FirstOrDefaultAsync(r => EF.Property<Guid>(r, "Id") == id, context.CancellationToken);
        var allowed = record is not null && (subtreeOnly
            ? await scope.CanChangeAsync(caller, unitOf(record), context.CancellationToken)
            : await scope.CanSeeAsync(caller, unitOf(record), context.CancellationToken));
        if (!allowed)
        {
            throw record is null && caller.IsProvinceWide
                ? ApiErrors.NotFound(resourceType, id.ToString())
                : ApiErrors.PermissionDenied($"Your role and unit do not allow access to {resourceType} '{id}'.");
        }

        return record!;
    }

    /// <summary>
    /// The records of the units the caller sees. Personal records (discipline, petitions) are
    /// narrower, as in CadreWork: a unit-scoped caller reaches its own subtree, not the units above.
    /// </summary>
    private async Task<IQueryable<T>> InVisibleUnitsAsync<T>(IQueryable<T> records, ServerCallContext context, bool personal = false)
        where T : class
    {
        var caller = context.Caller();
        if (await scope.VisibleUnitIdsAsync(caller, context.CancellationToken) is not { } units)
        {
            return records;
        }

        var above = personal && caller.UnitId is { } own
            ? (await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == own).Select(u => u.Path).FirstOrDefaultAsync(context.CancellationToken))?.Split('/')[..^1] ?? []
            : [];
        return records.Where(r => units.Contains(EF.Property<string>(r, "UnitId")) && !above.Contains(EF.Property<string>(r, "UnitId")));
    }

    private static Proto.AppliedRule Applied(RuleVersion rule) => new() { Id = rule.Id, LegalBasis = rule.LegalBasis };

    private static T Required<T>(T? message, string field)
        where T : class =>
        message ?? throw ApiErrors.InvalidArgument(field, "is required.");

    private static string RequiredText(string text, string field) =>
        text.Trim() is { Length: > 0 } trimmed ? trimmed : throw ApiErrors.InvalidArgument(field, "is required.");

    private static Guid? OptionalId(string text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : RequestIds.Parse(text, field);
}
