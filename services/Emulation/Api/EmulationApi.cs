using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using NgheAn.Emulation.Data;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Api;

public sealed partial class EmulationApi(
    EmulationDbContext db, UnitScope<EmulationDbContext> scope, TimeProvider clock, IConfiguration configuration)
    : Proto.EmulationService.EmulationServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Proto.KnownDocument> GetKnownDocument(Proto.GetKnownDocumentRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var document = await db.KnownDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken);
        await DemandVisibleAsync(document?.UnitId, "known document", request.Id, context);
        return new Proto.KnownDocument
        {
            Id = document!.Id.ToString(),
            Symbol = document.Symbol,
            Title = document.Title,
            IssueDate = document.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ReceiveTime = Timestamp.FromDateTimeOffset(document.ReceivedAt),
            UnitId = document.UnitId,
        };
    }

    /// <summary>
    /// Existence is revealed only to callers who could see the record (AIP-211): a missing record
    /// is NOT_FOUND for province-wide callers and PERMISSION_DENIED, like a hidden one, for the others.
    /// </summary>
    private async Task DemandVisibleAsync(string? unitId, string kind, string id, ServerCallContext context)
    {
        var caller = context.Caller();
        if (unitId is null || !await scope.CanSeeAsync(caller, unitId, context.CancellationToken))
        {
            throw unitId is null && caller.IsProvinceWide
                ? ApiErrors.NotFound(kind.Replace(' ', '-'), id)
                : ApiErrors.PermissionDenied($"Your role and unit do not allow access to {kind} '{id}'.");
        }
    }

    /// <summary>A visible record the caller may also change (its unit's subtree).</summary>
    private async Task DemandChangeableAsync(string? unitId, string kind, string id, ServerCallContext context)
    {
        await DemandVisibleAsync(unitId, kind, id, context);
        await scope.DemandChangeAsync(context.Caller(), unitId!, context.CancellationToken);
    }

    /// <summary>The unit a new record belongs to: the one asked for (which must exist), else the caller's.</summary>
    private async Task<string> UnitForNewAsync(string requested, string field, ServerCallContext context)
    {
        var caller = context.Caller();
        var unitId = requested is { Length: > 0 } ? requested.Trim() : caller.UnitId ?? configuration["Platform:RootUnit"] ?? "nghe-an";
        if (!await db.Set<OrgUnit>().AnyAsync(u => u.Id == unitId, context.CancellationToken))
        {
            throw ApiErrors.InvalidArgument(field, $"unknown organisation unit '{unitId}'.");
        }

        await scope.DemandChangeAsync(caller, unitId, context.CancellationToken);
        return unitId;
    }

    /// <summary>One page of the records the caller may see, newest first (UUIDv7 ids are in creation order).</summary>
    private async Task<(List<T> Page, string Next)> VisiblePageAsync<T>(
        IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, string>> unitOf, System.Linq.Expressions.Expression<Func<T, Guid>> key,
        int pageSize, string pageToken, string filter, ServerCallContext context) =>
        await KeysetPage.ByIdAsync(await VisibleAsync(query, unitOf, context), key, PageToken.Size(pageSize, DefaultPageSize, MaxPageSize),
            pageToken, filter, newestFirst: true, context.CancellationToken);

    private async Task<IQueryable<T>> VisibleAsync<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, string>> unitOf, ServerCallContext context)
    {
        if (await scope.VisibleUnitIdsAsync(context.Caller(), context.CancellationToken) is not { } visible)
        {
            return query;
        }

        // unit ∈ visible, built on the record's unit selector.
        var contains = System.Linq.Expressions.Expression.Call(
            typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], visible.Expression, unitOf.Body);
        return query.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, unitOf.Parameters));
    }

    private DateOnly Today => clock.Today();
}
