using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Emulation.V1;
using NgheAn.Emulation.Data;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.Emulation.Api;

public sealed class EmulationApi(EmulationDbContext db) : EmulationService.EmulationServiceBase
{
    public override async Task<Contracts.Emulation.V1.KnownDocument> GetKnownDocument(GetKnownDocumentRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var document = await db.KnownDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken)
            ?? throw ApiErrors.NotFound("known-document", request.Id);
        return new Contracts.Emulation.V1.KnownDocument
        {
            Id = document.Id.ToString(),
            Symbol = document.Symbol,
            Title = document.Title,
            IssueDate = document.IssueDate.ToString("yyyy-MM-dd"),
            ReceiveTime = Timestamp.FromDateTimeOffset(document.ReceivedAt),
        };
    }
}
