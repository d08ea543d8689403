using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using NgheAn.Supervision.Data;
using Proto = NgheAn.Contracts.Supervision.V1;

namespace NgheAn.Supervision.Api;

public sealed class AuditApi(SupervisionDbContext db) : Proto.AuditService.AuditServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    /// <summary>The audit trail is for the inspection commission only.</summary>
    public override async Task<Proto.ListAuditEntriesResponse> ListAuditEntries(Proto.ListAuditEntriesRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var filter = $"{request.Service}|{request.Person}|{request.EntityType}|{request.EntityId}";
        var query = db.AuditEntries.AsNoTracking();
        if (request.Service.Length > 0)
        {
            query = query.Where(e => e.Service == request.Service);
        }

        if (request.Person.Length > 0)
        {
            query = query.Where(e => e.Person == request.Person);
        }

        if (request.EntityType.Length > 0)
        {
            query = query.Where(e => e.EntityType == request.EntityType);
        }

        if (request.EntityId.Length > 0)
        {
            query = query.Where(e => e.EntityId == request.EntityId);
        }

        if (PageToken.Decode(request.PageToken, filter, 2) is [var time, var id])
        {
            var after = (At: DateTimeOffset.Parse(time, CultureInfo.InvariantCulture), Id: Guid.Parse(id));
            query = query.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.ChangedAt, e.Id), ValueTuple.Create(after.At, after.Id)));
        }

        var page = await query.OrderByDescending(e => e.ChangedAt).ThenByDescending(e => e.Id)
            .Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListAuditEntriesResponse();
        response.AuditEntries.AddRange(page.Take(pageSize).Select(ToProto));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = PageToken.Encode(filter, last.ChangedAt.ToString("O", CultureInfo.InvariantCulture), last.Id.ToString());
        }

        return response;
    }

    private static Proto.AuditEntry ToProto(AuditEntry entry)
    {
        var proto = new Proto.AuditEntry
        {
            Id = entry.Id.ToString(),
            Service = entry.Service,
            EntityType = entry.EntityType,
            EntityId = entry.EntityId,
            Action = entry.Action,
            Person = entry.Person,
            CallerUnitId = entry.CallerUnitId ?? "",
            UnitId = entry.UnitId ?? "",
            Changes = ChangesOf(entry.Changes),
            ChangeTime = Timestamp.FromDateTimeOffset(entry.ChangedAt),
            CorrelationId = entry.CorrelationId ?? "",
        };
        proto.Roles.AddRange(entry.Roles);
        return proto;
    }

    /// <summary>
    /// The stored JSON as an object (AuditRecorded keeps it a string: the event contract only grows).
    /// Every stored entry is an object; anything else is shown as it is rather than failing the list.
    /// </summary>
    private static Struct ChangesOf(string json)
    {
        try
        {
            return Struct.Parser.ParseJson(json);
        }
        catch (InvalidProtocolBufferException)
        {
            return new Struct { Fields = { ["unreadable"] = Value.ForString(json) } };
        }
    }
}
