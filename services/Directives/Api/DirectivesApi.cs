using System.Globalization;
using Grpc.Core;
using NgheAn.Access;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Caching;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using NgheAn.ServiceDefaults.Text;
using Npgsql;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

public sealed partial class DirectivesApi(
    DirectivesDbContext db, CallAccess access, ProtoCache cache, TimeProvider clock)
    : Proto.DirectivesService.DirectivesServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private static readonly TimeSpan CacheTtl = TimeSpan.FromMinutes(10);

    public override async Task<Proto.Document> CreateDocument(Proto.CreateDocumentRequest request, ServerCallContext context)
    {
        if (request.Document is null)
        {
            throw ApiErrors.InvalidArgument("document", "is required.");
        }

        var input = request.Document;
        var today = clock.Today();
        var (data, terms) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        var checkedInput = DocumentRegistration.Validate(input.Symbol, input.Title, input.IssueDate, input.Implements, today, data, terms, fieldPrefix: "document.");
        if (!checkedInput.IsValid)
        {
            throw ApiErrors.InvalidArgument(checkedInput.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        }

        var unitId = input.UnitId is { Length: > 0 } requested ? requested.Trim()
            : access.HomeUnitId;
        if (!await db.Set<OrgUnit>().AnyAsync(u => u.Id == unitId, context.CancellationToken))
        {
            throw ApiErrors.InvalidArgument("document.unit_id", $"unknown organisation unit '{unitId}'.");
        }

        await access.DemandRecordAsync(unitId, null, "unit", unitId, context.CancellationToken);

        var registered = checkedInput.Value;
        var key = registered.Key;
        var existing = await db.Documents.AsNoTracking()
            .Where(d => d.UnitId == unitId && d.IssuerKey == key.IssuerKey && d.TypeCode == key.TypeCode && d.Term == key.Term && d.Number == key.Number)
            .Select(d => d.Id)
            .FirstOrDefaultAsync(context.CancellationToken);
        if (existing != Guid.Empty)
        {
            throw Duplicate(registered);
        }

        var document = new Document
        {
            Id = Guid.CreateVersion7(),
            Symbol = registered.Symbol.ToString(),
            TypeCode = key.TypeCode,
            IssuerKey = key.IssuerKey,
            Term = key.Term,
            Number = key.Number,
            Title = registered.Title,
            IssueDate = registered.IssueDate,
            Implements = registered.Implements.Select(s => s.ToString()).ToList(),
            SearchText = TextFolding.Fold($"{registered.Symbol} {registered.Title}"),
            CreatedAt = TruncateToMicroseconds(clock.GetUtcNow()),
            UnitId = unitId,
            Status = input.Status == Proto.DocumentStatus.Draft ? DocumentStatus.Draft : DocumentStatus.Issued,
        };
        if (input.Status is not (Proto.DocumentStatus.Unspecified or Proto.DocumentStatus.Draft or Proto.DocumentStatus.Issued))
        {
            throw ApiErrors.InvalidArgument("document.status", "a new document is DOCUMENT_STATUS_DRAFT or DOCUMENT_STATUS_ISSUED; amend, supersede or expire it afterwards.");
        }

        db.Documents.Add(document);
        await LinkImplementedAsync(document, context.CancellationToken);
        if (document.Status == DocumentStatus.Issued)
        {
            PublishIssued(document);
        }

        // A concurrent identical create may win the race past the check above.
        await db.SaveChangesOrAsync(() => Duplicate(registered), context.CancellationToken, DirectivesDbContext.DocumentNumberIndex);

        return document.ToProto();
    }

    private void PublishIssued(Document document) =>
        db.AddIntegrationEvent(new DocumentIssued
        {
            DocumentId = document.Id,
            UnitId = document.UnitId,
            Symbol = document.Symbol,
            Type = document.TypeCode,
            Issuer = document.IssuerKey,
            Title = document.Title,
            IssueDate = document.IssueDate,
            Implements = document.Implements,
        });

    public override async Task<Proto.Document> GetDocument(Proto.GetDocumentRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var document = await cache.GetOrLoadAsync($"directives:document:{id}", CacheTtl, async ct =>
                (await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct))?.ToProto(),
                context.CancellationToken);

        // A caller who may not see the document learns nothing, not even whether it exists (AIP-211).
        await access.DemandRecordAsync(document?.UnitId, null, "document", request.Id, context.CancellationToken);
        return document!;
    }

    public override async Task<Proto.ListDocumentsResponse> ListDocuments(Proto.ListDocumentsRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var words = TextFolding.Fold(request.Query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var type = request.Type.Trim();
        var issuer = request.Issuer.Trim();
        var filter = $"{string.Join(' ', words)}|{type}|{issuer}";
        var after = PageToken.Decode(request.PageToken, filter, 2) is [var date, var id]
            ? (IssueDate: DateOnly.Parse(date, CultureInfo.InvariantCulture), Id: Guid.Parse(id))
            : ((DateOnly IssueDate, Guid Id)?)null;

        var query = db.Documents.AsNoTracking();
        query = access.Reached(query, d => d.UnitId);

        foreach (var word in words)
        {
            query = query.Where(d => d.SearchText.Contains(word));
        }

        if (type.Length > 0)
        {
            query = query.Where(d => d.TypeCode == type);
        }

        if (issuer.Length > 0)
        {
            // A joint document counts for each of its issuers.
            query = query.Where(d => d.IssuerKey == issuer || d.IssuerKey.StartsWith(issuer + "-") || d.IssuerKey.EndsWith("-" + issuer) || d.IssuerKey.Contains("-" + issuer + "-"));
        }

        if (after is { } cursor)
        {
            query = query.Where(d => EF.Functions.LessThan(ValueTuple.Create(d.IssueDate, d.Id), ValueTuple.Create(cursor.IssueDate, cursor.Id)));
        }

        var page = await query
            .OrderByDescending(d => d.IssueDate).ThenByDescending(d => d.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);

        var response = new Proto.ListDocumentsResponse();
        response.Documents.AddRange(page.Take(pageSize).Select(d => d.ToProto()));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = PageToken.Encode(filter, VietnameseDate.ToIso(last.IssueDate), last.Id.ToString());
        }

        return response;
    }

    // PostgreSQL keeps microseconds: the created document must read back identical.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        time.AddTicks(-(time.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));

    private static RpcException Duplicate(RegisteredDocument document) =>
        ApiErrors.AlreadyExists("document", document.Symbol.ToString(),
            $"Document {document.Symbol} of term {document.Key.Term} already exists in this unit: numbers are unique per unit, issuer, type and term.");
}
