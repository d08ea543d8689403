using NgheAn.Contracts.Events.Directives;
using NgheAn.Emulation.Data;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Emulation.Consumers;

/// <summary>Keeps Emulation's table of known documents, so models can be linked to the directive they carry out.</summary>
public sealed class DocumentIssuedConsumer(EmulationDbContext db) : InboxConsumer<DocumentIssued, EmulationDbContext>(db)
{
    protected override async Task Handle(DocumentIssued message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownDocuments.FindAsync([message.DocumentId], cancellationToken);
        if (known is null)
        {
            known = new KnownDocument { Id = message.DocumentId, Symbol = message.Symbol, Title = message.Title, UnitId = message.UnitId ?? "" };
            Db.KnownDocuments.Add(known);
        }

        known.Symbol = message.Symbol;
        known.Title = message.Title;
        known.IssueDate = message.IssueDate;
        known.UnitId = message.UnitId ?? "";
        known.ReceivedAt = DateTimeOffset.UtcNow;
    }
}
