using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NgheAn.Access.Rules;
using NgheAn.Access;
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
    EmulationDbContext db, CallAccess access, TimeProvider clock)
    : Proto.EmulationService.EmulationServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<Proto.KnownDocument> GetKnownDocument(Proto.GetKnownDocumentRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var document = await db.KnownDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(document?.UnitId, null, "known document", request.Id, context.CancellationToken);
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

    /// <summary>The unit a new record belongs to: the one asked for (which must exist), else the caller's.</summary>
    private async Task<string> UnitForNewAsync(string requested, string field, ServerCallContext context)
    {
        var unitId = requested is { Length: > 0 } ? requested.Trim() : access.HomeUnitId;
        if (!await db.Set<OrgUnit>().AnyAsync(u => u.Id == unitId, context.CancellationToken))
        {
            throw ApiErrors.InvalidArgument(field, $"unknown organisation unit '{unitId}'.");
        }

        await access.DemandRecordAsync(unitId, null, "unit", unitId, context.CancellationToken);
        return unitId;
    }

    /// <summary>One page of the records the caller may see, newest first (UUIDv7 ids are in creation order); records about a person through the person's unit.</summary>
    private async Task<(List<T> Page, string Next)> VisiblePageAsync<T>(
        IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, string>> unitOf, System.Linq.Expressions.Expression<Func<T, Guid?>>? personOf,
        System.Linq.Expressions.Expression<Func<T, Guid>> key, int pageSize, string pageToken, string filter, ServerCallContext context) =>
        await KeysetPage.ByIdAsync(access.Reached(query, unitOf, personOf), key, PageToken.Size(pageSize, DefaultPageSize, MaxPageSize),
            pageToken, filter, newestFirst: true, context.CancellationToken);

    private DateOnly Today => clock.Today();
}
