using Grpc.Core;
using NgheAn.Access;
using NgheAn.Access.Rules;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

/// <summary>Numbering, lifecycle, links and the cascade of documents.</summary>
public sealed partial class DirectivesApi
{
    private const int MaxCascadeDepth = 20;

    public override async Task<Proto.ProposeDocumentNumberResponse> ProposeDocumentNumber(Proto.ProposeDocumentNumberRequest request, ServerCallContext context)
    {
        var date = clock.Today();
        if (request.IssueDate.Length > 0)
        {
            var parsed = VietnameseDate.Parse(request.IssueDate, "issue_date");
            date = parsed.IsValid ? parsed.Value : throw ApiErrors.InvalidArgument(parsed.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        }

        // The symbol of the first number checks type and issuer; its key gives the term.
        var (data, terms) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        var probe = DocumentSymbol.Create(1, request.Type.Trim(), request.Issuer.Trim().Split('-'), data: data);
        if (!probe.IsValid)
        {
            throw ApiErrors.InvalidArgument(probe.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        }

        var key = terms.KeyFor(probe.Value, date, data)
            ?? throw ApiErrors.InvalidArgument("issue_date", $"no committee term of issuer '{probe.Value.IssuerCodes[0]}' is known for {VietnameseDate.ToIso(date)}.");
        var unitId = request.UnitId.Trim() is { Length: > 0 } given ? given : access.HomeUnitId;
        var used = await db.Documents.AsNoTracking()
            .Where(d => d.UnitId == unitId && d.IssuerKey == key.IssuerKey && d.TypeCode == key.TypeCode && d.Term == key.Term)
            .Select(d => d.Number)
            .ToListAsync(context.CancellationToken);
        var symbol = DocumentNumbering.ProposeSymbol(used, key.TypeCode, probe.Value.IssuerCodes, data).Value;
        return new Proto.ProposeDocumentNumberResponse { Symbol = symbol.ToString(), Number = symbol.Number, Term = key.Term };
    }

    public override async Task<Proto.Document> IssueDocument(Proto.IssueDocumentRequest request, ServerCallContext context)
    {
        var document = await LoadForChangeAsync(request.Id, "id", context);
        Transition(document, DocumentStatus.Issued);
        PublishIssued(document);
        await db.SaveChangesAsync(context.CancellationToken);
        await ForgetAsync(document.Id, context.CancellationToken);
        return document.ToProto();
    }

    public override async Task<Proto.Document> ExpireDocument(Proto.ExpireDocumentRequest request, ServerCallContext context)
    {
        var document = await LoadForChangeAsync(request.Id, "id", context);
        Transition(document, DocumentStatus.Expired);
        await db.SaveChangesAsync(context.CancellationToken);
        await ForgetAsync(document.Id, context.CancellationToken);
        return document.ToProto();
    }

    public override async Task<Proto.DocumentLink> CreateDocumentLink(Proto.CreateDocumentLinkRequest request, ServerCallContext context)
    {
        if (request.Link is null)
        {
            throw ApiErrors.InvalidArgument("link", "is required.");
        }

        var kind = request.Link.Kind switch
        {
            Proto.LinkKind.Implements => LinkKind.Implements,
            Proto.LinkKind.IntegratedWith => LinkKind.IntegratedWith,
            Proto.LinkKind.Amends => LinkKind.Amends,
            Proto.LinkKind.Supersedes => LinkKind.Supersedes,
            _ => throw ApiErrors.InvalidArgument("link.kind", "is required: LINK_KIND_IMPLEMENTS, LINK_KIND_INTEGRATED_WITH, LINK_KIND_AMENDS or LINK_KIND_SUPERSEDES."),
        };
        var targetId = RequestIds.Parse(request.Link.TargetId, "link.target_id");
        var source = await LoadForChangeAsync(request.DocumentId, "document_id", context);
        var target = await db.Documents.FirstOrDefaultAsync(d => d.Id == targetId, context.CancellationToken);
        if (target is null || !await access.ReachesAsync(target.UnitId, AccessKind.Read, context.CancellationToken))
        {
            throw ApiErrors.InvalidArgument("link.target_id", $"no document '{request.Link.TargetId}' you may see.");
        }

        var link = new DocumentLink(source.Id, target.Id, kind);
        var graph = new CascadeGraph(await AllLinksAsync(context.CancellationToken));
        if (graph.CheckNewLink(link) is { } refusal)
        {
            throw ApiErrors.FailedPrecondition("document-link", $"documents/{source.Id}", $"{source.Symbol} → {target.Symbol}: {refusal}");
        }

        if (kind is LinkKind.Amends or LinkKind.Supersedes)
        {
            // Amending or superseding changes the target's status: the caller must be allowed to change it.
            await access.DemandRecordAsync(target.UnitId, null, "document", target.Id.ToString(), context.CancellationToken);
        }

        if (kind is LinkKind.Amends or LinkKind.Supersedes && source.Status == DocumentStatus.Draft)
        {
            throw ApiErrors.FailedPrecondition("document-lifecycle", $"documents/{source.Id}", $"{source.Symbol} is a draft: only an issued document amends or supersedes another.");
        }

        var row = new DocumentLinkRow { Id = Guid.CreateVersion7(), FromId = source.Id, ToId = target.Id, Kind = kind, CreatedAt = clock.GetUtcNow() };
        db.DocumentLinks.Add(row);
        if (kind == LinkKind.Implements && !source.Implements.Contains(target.Symbol))
        {
            source.Implements = [.. source.Implements, target.Symbol];
        }

        if (kind == LinkKind.Amends)
        {
            Transition(target, DocumentStatus.Amended);
            db.AddIntegrationEvent(new DocumentAmended
            {
                DocumentId = target.Id, UnitId = target.UnitId, Symbol = target.Symbol, AmendedById = source.Id, AmendedBySymbol = source.Symbol,
            });
        }
        else if (kind == LinkKind.Supersedes)
        {
            Transition(target, DocumentStatus.Superseded);
            db.AddIntegrationEvent(new DocumentSuperseded
            {
                DocumentId = target.Id, UnitId = target.UnitId, Symbol = target.Symbol, SupersededById = source.Id, SupersededBySymbol = source.Symbol,
            });
        }

        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("document-link", $"{source.Symbol}→{target.Symbol}", $"{source.Symbol} is already linked to {target.Symbol} that way."),
            context.CancellationToken, DirectivesDbContext.LinkIndex);
        await ForgetAsync(source.Id, context.CancellationToken);
        await ForgetAsync(target.Id, context.CancellationToken);
        return new Proto.DocumentLink { Id = row.Id.ToString(), DocumentId = source.Id.ToString(), TargetId = target.Id.ToString(), Kind = request.Link.Kind };
    }

    public override async Task<Proto.CascadeNode> GetDocumentCascade(Proto.GetDocumentCascadeRequest request, ServerCallContext context)
    {
        var root = await GetDocument(new Proto.GetDocumentRequest { Id = request.Id }, context);
        var graph = new CascadeGraph(await AllLinksAsync(context.CancellationToken));
        var tree = request.Direction == Proto.CascadeDirection.Above
            ? graph.Above(Guid.Parse(root.Id), MaxCascadeDepth)
            : graph.Below(Guid.Parse(root.Id), MaxCascadeDepth);

        var ids = new HashSet<Guid>();
        Collect(tree, ids);
        foreach (var id in ids.ToArray())
        {
            ids.UnionWith(graph.IntegratedWith(id));
        }

        var query = db.Documents.AsNoTracking().Where(d => ids.Contains(d.Id));
        query = access.Reached(query, d => d.UnitId);

        var documents = await query.ToDictionaryAsync(d => d.Id, context.CancellationToken);
        return ToProto(tree, documents, graph)!;

        static void Collect(CascadeNode node, HashSet<Guid> into)
        {
            into.Add(node.DocumentId);
            foreach (var child in node.Children)
            {
                Collect(child, into);
            }
        }
    }

    // A branch the caller may not see is left out with everything below it.
    private static Proto.CascadeNode? ToProto(CascadeNode node, Dictionary<Guid, Document> documents, CascadeGraph graph)
    {
        if (!documents.TryGetValue(node.DocumentId, out var document))
        {
            return null;
        }

        var proto = new Proto.CascadeNode { Document = document.ToProto(), Via = node.Via is { } via ? (Proto.LinkKind)via : Proto.LinkKind.Unspecified };
        proto.IntegratedWith.AddRange(graph.IntegratedWith(node.DocumentId)
            .Where(documents.ContainsKey).Select(id => documents[id].Symbol).Order(StringComparer.Ordinal));
        proto.Children.AddRange(node.Children.Select(child => ToProto(child, documents, graph)).OfType<Proto.CascadeNode>());
        return proto;
    }

    // New document: link it to the registered documents it implements and to the registered
    // documents that named it before it was registered here.
    private async Task LinkImplementedAsync(Document document, CancellationToken cancellationToken)
    {
        var higher = await db.Documents.AsNoTracking().Where(d => document.Implements.Contains(d.Symbol)).Select(d => d.Id).ToListAsync(cancellationToken);
        var lower = await db.Documents.AsNoTracking().Where(d => d.Implements.Contains(document.Symbol)).Select(d => d.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        db.DocumentLinks.AddRange(higher.Select(id => new DocumentLinkRow { Id = Guid.CreateVersion7(), FromId = document.Id, ToId = id, Kind = LinkKind.Implements, CreatedAt = now }));
        db.DocumentLinks.AddRange(lower.Select(id => new DocumentLinkRow { Id = Guid.CreateVersion7(), FromId = id, ToId = document.Id, Kind = LinkKind.Implements, CreatedAt = now }));
    }

    // The link table is small (thousands of rows at most), so cycle checks and trees run in memory.
    private async Task<List<DocumentLink>> AllLinksAsync(CancellationToken cancellationToken) =>
        await db.DocumentLinks.AsNoTracking().Select(l => new DocumentLink(l.FromId, l.ToId, l.Kind)).ToListAsync(cancellationToken);

    private async Task<Document> LoadForChangeAsync(string id, string field, ServerCallContext context)
    {
        var documentId = RequestIds.Parse(id, field);
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId, context.CancellationToken);
        await access.DemandRecordAsync(document?.UnitId, null, "document", id, context.CancellationToken);
        return document!;
    }

    private static void Transition(Document document, DocumentStatus to)
    {
        if (DocumentLifecycle.CheckTransition(document.Status, to) is { } refusal)
        {
            throw ApiErrors.FailedPrecondition("document-lifecycle", $"documents/{document.Id}", $"{document.Symbol}: {refusal}");
        }

        document.Status = to;
    }

    private Task ForgetAsync(Guid documentId, CancellationToken cancellationToken) => cancellationToken.IsCancellationRequested ? Task.CompletedTask :
        cache.RemoveAsync($"directives:document:{documentId}");
}
