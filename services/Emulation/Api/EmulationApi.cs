using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Emulation.V1;
using NgheAn.Emulation.Data;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Emulation.Api;

public sealed class EmulationApi(EmulationDbContext db, UnitScope<EmulationDbContext> scope) : EmulationService.EmulationServiceBase
{
    [Authorize(Roles = PlatformRoles.Anyone)]
    public override async Task<Contracts.Emulation.V1.KnownDocument> GetKnownDocument(GetKnownDocumentRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var caller = context.Caller();
        var document = await db.KnownDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken);
        if (document is null || !await scope.CanSeeAsync(caller, document.UnitId, context.CancellationToken))
        {
            // Existence is revealed only to callers who could see the document (AIP-211).
            throw document is null && caller.IsProvinceWide
                ? ApiErrors.NotFound("known-document", request.Id)
                : ApiErrors.PermissionDenied($"Your role and unit do not allow access to known document '{request.Id}'.");
        }

        return new Contracts.Emulation.V1.KnownDocument
        {
            Id = document.Id.ToString(),
            Symbol = document.Symbol,
            Title = document.Title,
            IssueDate = document.IssueDate.ToString("yyyy-MM-dd"),
            ReceiveTime = Timestamp.FromDateTimeOffset(document.ReceivedAt),
            UnitId = document.UnitId,
        };
    }
}
