using Grpc.Core;
using NgheAn.Access;
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
public sealed partial class SupervisionApi(SupervisionDbContext db, CallAccess access, TimeProvider clock)
    : Proto.SupervisionService.SupervisionServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>The unit a new record belongs to (the caller's by default), known and changeable by the caller.</summary>
    private async Task<string> WritableUnitAsync(string requested, string field, ServerCallContext context)
    {
        var unitId = requested.Trim() is { Length: > 0 } given ? given
            : access.Caller.UnitId ?? throw ApiErrors.InvalidArgument(field, "is required for a caller without a unit.");
        await KnownUnitAsync(unitId, field, context.CancellationToken);
        await access.DemandRecordAsync(unitId, null, "unit", unitId, context.CancellationToken);
        return unitId;
    }

    private async Task<OrgUnit> KnownUnitAsync(string unitId, string field, CancellationToken cancellationToken) =>
        await db.Set<OrgUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken)
        ?? throw ApiErrors.InvalidArgument(field, $"unknown organisation unit '{unitId}'.");

    /// <summary>
    /// A record the call may touch (read or change, as the method does): its unit and, for a record
    /// about a person, the person's unit. A missing record answers like a hidden one (AIP-211).
    /// </summary>
    private async Task<T> VisibleAsync<T>(IQueryable<T> records, Guid id, Func<T, string> unitOf, string resourceType, ServerCallContext context, Func<T, Guid?>? personOf = null)
        where T : class
    {
        var record = await records.FirstOrDefaultAsync(r => EF.Property<Guid>(r, "Id") == id, context.CancellationToken);
        await access.DemandRecordAsync(record is null ? null : unitOf(record), record is null ? null : personOf?.Invoke(record), resourceType, id.ToString(), context.CancellationToken);
        return record!;
    }

    /// <summary>The records of the units the caller reaches; a record about a person through the person's unit.</summary>
    private IQueryable<T> Reached<T>(IQueryable<T> records, System.Linq.Expressions.Expression<Func<T, Guid?>>? personOf = null)
        where T : class =>
        access.Reached(records, r => EF.Property<string>(r, "UnitId"), personOf);

    private static Proto.AppliedRule Applied(RuleVersion rule) => new() { Id = rule.Id, LegalBasis = rule.LegalBasis };

    private static T Required<T>(T? message, string field)
        where T : class =>
        message ?? throw ApiErrors.InvalidArgument(field, "is required.");

    private static string RequiredText(string text, string field) =>
        text.Trim() is { Length: > 0 } trimmed ? trimmed : throw ApiErrors.InvalidArgument(field, "is required.");

    private static Guid? OptionalId(string text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : RequestIds.Parse(text, field);
}
