using Microsoft.EntityFrameworkCore;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Api;

/// <summary>
/// The built-in reference data extended with the rows added through DocumentReferenceService. Read
/// per call: the tables are a few dozen rows, and every replica then sees an added row at once.
/// </summary>
public static class ReferenceDataLoader
{
    public static async Task<(DocumentReferenceData Data, PartyTerms Terms)> LoadAsync(DirectivesDbContext db, CancellationToken cancellationToken)
    {
        var types = await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken);
        var issuers = await db.Issuers.AsNoTracking().ToListAsync(cancellationToken);
        var terms = await db.PartyTerms.AsNoTracking().ToListAsync(cancellationToken);
        return (DocumentReferenceData.Default.Extend(types.Select(ToDomain), issuers.Select(ToDomain)),
            PartyTerms.Default.Extend(terms.Select(ToDomain)));
    }

    public static DocumentType ToDomain(DocumentTypeRow row) =>
        new(row.Code, row.Name, row.EnglishName ?? "", row.LegalBasis, row.ValidFrom, row.ValidTo);

    public static Issuer ToDomain(IssuerRow row) =>
        new(row.Code, row.Name, Enum.Parse<IssuerLevel>(row.Level), row.ValidFrom, row.ValidTo, row.SuccessorCode, row.Note);

    public static PartyTerm ToDomain(PartyTermRow row) =>
        new(Enum.Parse<IssuerLevel>(row.Level), row.Name, row.Label, row.Starts, row.Source);
}
