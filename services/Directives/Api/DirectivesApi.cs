using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Caching;
using NgheAn.ServiceDefaults.Errors;
using Npgsql;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

public sealed class DirectivesApi(DirectivesDbContext db, ProtoCache cache, TimeProvider clock) : Proto.DirectivesService.DirectivesServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private static readonly TimeSpan CacheTtl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public override async Task<Proto.Document> CreateDocument(Proto.CreateDocumentRequest request, ServerCallContext context)
    {
        if (request.Document is null)
        {
            throw ApiErrors.InvalidArgument("document", "is required.");
        }

        var input = request.Document;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(VietnamOffset).DateTime);
        var checkedInput = DocumentRegistration.Validate(input.Symbol, input.Title, input.IssueDate, input.Implements, today, fieldPrefix: "document.");
        if (!checkedInput.IsValid)
        {
            throw ApiErrors.InvalidArgument(checkedInput.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        }

        var registered = checkedInput.Value;
        var key = registered.Key;
        var existing = await db.Documents.AsNoTracking()
            .Where(d => d.IssuerKey == key.IssuerKey && d.TypeCode == key.TypeCode && d.Term == key.Term && d.Number == key.Number)
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
        };
        db.Documents.Add(document);
        db.AddIntegrationEvent(new DocumentIssued
        {
            DocumentId = document.Id,
            Symbol = document.Symbol,
            Type = document.TypeCode,
            Issuer = document.IssuerKey,
            Title = document.Title,
            IssueDate = document.IssueDate,
            Implements = document.Implements,
        });

        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: DirectivesDbContext.DocumentNumberIndex })
        {
            throw Duplicate(registered); // lost a race with an identical create
        }

        return document.ToProto();
    }

    public override async Task<Proto.Document> GetDocument(Proto.GetDocumentRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        return await cache.GetOrLoadAsync($"directives:document:{id}", CacheTtl, async ct =>
                (await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct))?.ToProto(),
                context.CancellationToken)
            ?? throw ApiErrors.NotFound("document", request.Id);
    }

    public override async Task<Proto.ListDocumentsResponse> ListDocuments(Proto.ListDocumentsRequest request, ServerCallContext context)
    {
        if (request.PageSize < 0)
        {
            throw ApiErrors.InvalidArgument("page_size", "must not be negative.");
        }

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var words = TextFolding.Fold(request.Query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var type = request.Type.Trim();
        var issuer = request.Issuer.Trim();
        var filter = $"{string.Join(' ', words)}|{type}|{issuer}";
        var after = PageToken.Decode(request.PageToken, filter);

        var query = db.Documents.AsNoTracking();
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

        if (after is not null)
        {
            query = query.Where(d => EF.Functions.LessThan(ValueTuple.Create(d.IssueDate, d.Id), ValueTuple.Create(after.IssueDate, after.Id)));
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
            response.NextPageToken = new PageToken(filter, last.IssueDate, last.Id).Encode();
        }

        return response;
    }

    // PostgreSQL keeps microseconds: the created document must read back identical.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        time.AddTicks(-(time.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));

    private static RpcException Duplicate(RegisteredDocument document) =>
        ApiErrors.AlreadyExists("document", document.Symbol.ToString(),
            $"Document {document.Symbol} of term {document.Key.Term} already exists: numbers are unique per issuer, type and term.");
}
