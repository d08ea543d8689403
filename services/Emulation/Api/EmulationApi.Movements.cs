using Grpc.Core;
using NgheAn.Access.Rules;
using NgheAn.Access;
using Microsoft.EntityFrameworkCore;
using NgheAn.Emulation.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Api;

/// <summary>Movements (phong trào thi đua), linked to the directive they carry out.</summary>
public sealed partial class EmulationApi
{
    public override async Task<Proto.Movement> CreateMovement(Proto.CreateMovementRequest request, ServerCallContext context)
    {
        var input = request.Movement ?? throw ApiErrors.InvalidArgument("movement", "is required.");
        var errors = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add(new("movement.name", "is required."));
        var start = Collect(() => EmulationMapping.RequiredDate(input.StartDate, "movement.start_date"), errors);
        var end = Collect(() => EmulationMapping.OptionalDate(input.EndDate, "movement.end_date"), errors);
        var documentId = Collect(() => EmulationMapping.OptionalId(input.DocumentId, "movement.document_id"), errors);
        if (start > end) errors.Add(new("movement.end_date", "is before start_date."));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        var symbol = await KnownDocumentSymbolAsync(documentId, "movement.document_id", context);
        var movement = new Movement
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name.Trim(),
            UnitId = await UnitForNewAsync(input.UnitId, "movement.unit_id", context),
            DocumentId = documentId,
            StartDate = start,
            EndDate = end,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Movements.Add(movement);
        await db.SaveChangesAsync(context.CancellationToken);
        return movement.ToProto(symbol);
    }

    public override async Task<Proto.Movement> GetMovement(Proto.GetMovementRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var movement = await db.Movements.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(movement?.UnitId, null, "movement", request.Id, context.CancellationToken);
        return movement!.ToProto(await SymbolOfAsync(movement!.DocumentId, context.CancellationToken));
    }

    public override async Task<Proto.ListMovementsResponse> ListMovements(Proto.ListMovementsRequest request, ServerCallContext context)
    {
        var (page, next) = await VisiblePageAsync(db.Movements.AsNoTracking(), m => m.UnitId, null, m => m.Id, request.PageSize, request.PageToken, "movements", context);
        var ids = page.Where(m => m.DocumentId != null).Select(m => m.DocumentId!.Value).ToList();
        var symbols = await db.KnownDocuments.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Symbol, context.CancellationToken);
        var response = new Proto.ListMovementsResponse { NextPageToken = next };
        response.Movements.AddRange(page.Select(m => m.ToProto(m.DocumentId is { } d ? symbols.GetValueOrDefault(d) : null)));
        return response;
    }

    /// <summary>The symbol of a known document the caller may see; INVALID_ARGUMENT naming the field otherwise.</summary>
    private async Task<string?> KnownDocumentSymbolAsync(Guid? documentId, string field, ServerCallContext context)
    {
        if (documentId is not { } id)
        {
            return null;
        }

        var document = await db.KnownDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken);
        return document is not null && await access.ReachesAsync(document.UnitId, AccessKind.Read, context.CancellationToken)
            ? document.Symbol
            : throw ApiErrors.InvalidArgument(field, $"no known document '{id}' (documents arrive from Directives once issued).");
    }

    private Task<string?> SymbolOfAsync(Guid? documentId, CancellationToken cancellationToken) =>
        documentId is { } id
            ? db.KnownDocuments.AsNoTracking().Where(d => d.Id == id).Select(d => (string?)d.Symbol).FirstOrDefaultAsync(cancellationToken)
            : Task.FromResult<string?>(null);

    /// <summary>Runs a parse that throws INVALID_ARGUMENT, collecting its violations so every bad field is named at once.</summary>
    private static T Collect<T>(Func<T> parse, List<FieldViolation> errors)
    {
        try
        {
            return parse();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            var (field, description) = ex.Status.Detail.Split(": ", 2) is [var f, var d] ? (f, d) : ("", ex.Status.Detail);
            errors.Add(new(field, description));
            return default!;
        }
    }
}
