using Google.Protobuf.WellKnownTypes;
using NgheAn.Directives.Domain;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

internal static class DocumentMapping
{
    public static Proto.Document ToProto(this Data.Document document)
    {
        var proto = new Proto.Document
        {
            Id = document.Id.ToString(),
            Symbol = document.Symbol,
            Type = document.TypeCode,
            Issuer = document.IssuerKey,
            Title = document.Title,
            IssueDate = VietnameseDate.ToIso(document.IssueDate),
            Number = document.Number,
            Term = document.Term,
            CreateTime = Timestamp.FromDateTimeOffset(document.CreatedAt),
            UnitId = document.UnitId,
            Status = (Proto.DocumentStatus)document.Status,
        };
        proto.Implements.AddRange(document.Implements);
        return proto;
    }
}
