using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

/// <summary>
/// Document types, issuers and committee terms as data: everyone reads them; the provincial office
/// adds rows, checked against the built-in ones the same way a symbol is.
/// </summary>
public sealed class DocumentReferenceApi(DirectivesDbContext db) : Proto.DocumentReferenceService.DocumentReferenceServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    public override async Task<Proto.ListDocumentTypesResponse> ListDocumentTypes(Proto.ListDocumentTypesRequest request, ServerCallContext context)
    {
        var (data, _) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        var added = await db.DocumentTypes.Select(t => t.Code).ToListAsync(context.CancellationToken);
        var (page, next) = Page(data.Types, t => t.Code, "document-types", request.PageSize, request.PageToken);
        var response = new Proto.ListDocumentTypesResponse { NextPageToken = next };
        response.DocumentTypes.AddRange(page.Select(t => ToProto(t, builtIn: !added.Contains(t.Code))));
        return response;
    }

    public override async Task<Proto.DocumentType> CreateDocumentType(Proto.CreateDocumentTypeRequest request, ServerCallContext context)
    {
        var input = request.DocumentType ?? throw ApiErrors.InvalidArgument("document_type", "is required.");
        var errors = new List<FieldViolation>();
        var row = new DocumentTypeRow
        {
            Code = input.Code.Trim().Normalize(),
            Name = Required(input.Name, "document_type.name", errors),
            EnglishName = input.EnglishName.Trim() is { Length: > 0 } english ? english : null,
            LegalBasis = Required(input.LegalBasis, "document_type.legal_basis", errors),
            ValidFrom = OptionalDate(input.ValidFrom, "document_type.valid_from", errors),
            ValidTo = OptionalDate(input.ValidTo, "document_type.valid_to", errors),
        };
        CheckPeriod(row.ValidFrom, row.ValidTo, "document_type.valid_to", errors);
        var (data, _) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        Check(() => data.Extend(types: [ReferenceDataLoader.ToDomain(row)]), "document_type.code", errors);
        await AddAsync(db.DocumentTypes, row, await db.DocumentTypes.AnyAsync(t => t.Code == row.Code, context.CancellationToken), "document-type", row.Code, errors, context);
        return ToProto(ReferenceDataLoader.ToDomain(row), builtIn: false);
    }

    public override async Task<Proto.ListIssuersResponse> ListIssuers(Proto.ListIssuersRequest request, ServerCallContext context)
    {
        var (data, _) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        var added = await db.Issuers.Select(i => i.Code).ToListAsync(context.CancellationToken);
        var (page, next) = Page(data.Issuers, i => i.Code, "issuers", request.PageSize, request.PageToken);
        var response = new Proto.ListIssuersResponse { NextPageToken = next };
        response.Issuers.AddRange(page.Select(i => ToProto(i, builtIn: !added.Contains(i.Code))));
        return response;
    }

    public override async Task<Proto.Issuer> CreateIssuer(Proto.CreateIssuerRequest request, ServerCallContext context)
    {
        var input = request.Issuer ?? throw ApiErrors.InvalidArgument("issuer", "is required.");
        var errors = new List<FieldViolation>();
        var row = new IssuerRow
        {
            Code = input.Code.Trim().Normalize(),
            Name = Required(input.Name, "issuer.name", errors),
            Level = Level(input.Level, "issuer.level", errors),
            ValidFrom = OptionalDate(input.ValidFrom, "issuer.valid_from", errors),
            ValidTo = OptionalDate(input.ValidTo, "issuer.valid_to", errors),
            SuccessorCode = input.SuccessorCode.Trim() is { Length: > 0 } successor ? successor.Normalize() : null,
            Note = input.Note.Trim() is { Length: > 0 } note ? note : null,
        };
        CheckPeriod(row.ValidFrom, row.ValidTo, "issuer.valid_to", errors);
        var (data, _) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        if (errors.Count == 0 && row.SuccessorCode is { } code && data.FindIssuer(code) is null)
        {
            errors.Add(new("issuer.successor_code", $"unknown issuer '{code}'."));
        }

        if (errors.Count == 0)
        {
            Check(() => data.Extend(issuers: [ReferenceDataLoader.ToDomain(row)]), "issuer.code", errors);
        }

        await AddAsync(db.Issuers, row, await db.Issuers.AnyAsync(i => i.Code == row.Code, context.CancellationToken), "issuer", row.Code, errors, context);
        return ToProto(ReferenceDataLoader.ToDomain(row), builtIn: false);
    }

    public override async Task<Proto.ListPartyTermsResponse> ListPartyTerms(Proto.ListPartyTermsRequest request, ServerCallContext context)
    {
        var (_, terms) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        var added = (await db.PartyTerms.Select(t => new { t.Level, t.Starts }).ToListAsync(context.CancellationToken))
            .Select(t => (t.Level, t.Starts)).ToHashSet();
        var (page, next) = Page(terms.All, t => $"{(int)t.Level}:{VietnameseDate.ToIso(t.Starts)}", "party-terms", request.PageSize, request.PageToken);
        var response = new Proto.ListPartyTermsResponse { NextPageToken = next };
        response.PartyTerms.AddRange(page.Select(t => ToProto(t, builtIn: !added.Contains((t.Level.ToString(), t.Starts)))));
        return response;
    }

    public override async Task<Proto.PartyTerm> CreatePartyTerm(Proto.CreatePartyTermRequest request, ServerCallContext context)
    {
        var input = request.PartyTerm ?? throw ApiErrors.InvalidArgument("party_term", "is required.");
        var errors = new List<FieldViolation>();
        var row = new PartyTermRow
        {
            Id = Guid.CreateVersion7(),
            Level = Level(input.Level, "party_term.level", errors),
            Name = Required(input.Name, "party_term.name", errors),
            Label = Required(input.Label, "party_term.label", errors),
            Starts = OptionalDate(input.Starts, "party_term.starts", errors) ?? Missing(input.Starts, "party_term.starts", errors),
            Source = Required(input.Source, "party_term.source", errors),
        };
        var (_, terms) = await ReferenceDataLoader.LoadAsync(db, context.CancellationToken);
        if (errors.Count == 0)
        {
            Check(() => terms.Extend([ReferenceDataLoader.ToDomain(row)]), "party_term.starts", errors);
        }

        await AddAsync(db.PartyTerms, row, exists: false, "party-term", row.Label, errors, context);
        return ToProto(ReferenceDataLoader.ToDomain(row), builtIn: false);
    }

    private async Task AddAsync<T>(DbSet<T> set, T row, bool exists, string type, string name, List<FieldViolation> errors, ServerCallContext context)
        where T : class
    {
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        if (exists)
        {
            throw ApiErrors.AlreadyExists(type, name, $"{type} '{name}' was already added.");
        }

        set.Add(row);
        await db.SaveChangesOrAsync(() => ApiErrors.AlreadyExists(type, name, $"{type} '{name}' was already added (a concurrent request won)."), context.CancellationToken);
    }

    // The domain's own checks (code syntax, duplicate term starts) decide; their message names the problem.
    private static void Check(Action extend, string field, List<FieldViolation> errors)
    {
        try
        {
            extend();
        }
        catch (ArgumentException error)
        {
            errors.Add(new(field, error.Message.Split(" (Parameter", 2)[0]));
        }
    }

    private static (List<T> Page, string Next) Page<T>(IEnumerable<T> rows, Func<T, string> key, string filter, int pageSize, string pageToken)
    {
        var after = PageToken.Decode(pageToken, filter, keyParts: 1)?[0];
        var size = PageToken.Size(pageSize, DefaultPageSize, MaxPageSize);
        var ordered = rows.OrderBy(key, StringComparer.Ordinal).Where(r => after is null || string.CompareOrdinal(key(r), after) > 0).Take(size + 1).ToList();
        return ordered.Count > size ? (ordered[..size], PageToken.Encode(filter, key(ordered[size - 1]))) : (ordered, "");
    }

    private static string Required(string value, string field, List<FieldViolation> errors)
    {
        var clean = value.Trim().Normalize();
        if (clean.Length == 0)
        {
            errors.Add(new(field, "is required."));
        }

        return clean;
    }

    private static DateOnly Missing(string value, string field, List<FieldViolation> errors)
    {
        if (value.Trim().Length == 0)
        {
            errors.Add(new(field, "is required."));
        }

        return default;
    }

    private static DateOnly? OptionalDate(string value, string field, List<FieldViolation> errors)
    {
        if (value.Trim().Length == 0)
        {
            return null;
        }

        var parsed = VietnameseDate.Parse(value, field);
        errors.AddRange(parsed.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        return parsed.IsValid ? parsed.Value : null;
    }

    private static void CheckPeriod(DateOnly? from, DateOnly? to, string field, List<FieldViolation> errors)
    {
        if (from is { } f && to is { } t && t < f)
        {
            errors.Add(new(field, $"{VietnameseDate.ToIso(t)} is before valid_from {VietnameseDate.ToIso(f)}."));
        }
    }

    private static string Level(Proto.IssuerLevel level, string field, List<FieldViolation> errors)
    {
        switch (level)
        {
            case Proto.IssuerLevel.Central: return nameof(IssuerLevel.Central);
            case Proto.IssuerLevel.Provincial: return nameof(IssuerLevel.Provincial);
            case Proto.IssuerLevel.District: return nameof(IssuerLevel.District);
            case Proto.IssuerLevel.Grassroots: return nameof(IssuerLevel.Grassroots);
            default:
                errors.Add(new(field, "is required: CENTRAL, PROVINCIAL, DISTRICT or GRASSROOTS."));
                return "";
        }
    }

    private static Proto.IssuerLevel ToProto(IssuerLevel level) => level switch
    {
        IssuerLevel.Central => Proto.IssuerLevel.Central,
        IssuerLevel.Provincial => Proto.IssuerLevel.Provincial,
        IssuerLevel.District => Proto.IssuerLevel.District,
        _ => Proto.IssuerLevel.Grassroots,
    };

    private static string Iso(DateOnly? date) => date is { } d ? VietnameseDate.ToIso(d) : "";

    private static Proto.DocumentType ToProto(DocumentType type, bool builtIn) => new()
    {
        Code = type.Code, Name = type.NameVi, EnglishName = type.NameEn, LegalBasis = type.LegalBasis,
        ValidFrom = Iso(type.ValidFrom), ValidTo = Iso(type.ValidTo), BuiltIn = builtIn,
    };

    private static Proto.Issuer ToProto(Issuer issuer, bool builtIn) => new()
    {
        Code = issuer.Code, Name = issuer.NameVi, Level = ToProto(issuer.Level), ValidFrom = Iso(issuer.ValidFrom), ValidTo = Iso(issuer.ValidTo),
        SuccessorCode = issuer.SuccessorCode ?? "", Note = issuer.Note ?? "", BuiltIn = builtIn,
    };

    private static Proto.PartyTerm ToProto(PartyTerm term, bool builtIn) => new()
    {
        Level = ToProto(term.Level), Name = term.Name, Label = term.Label, Starts = VietnameseDate.ToIso(term.Starts), Source = term.Source, BuiltIn = builtIn,
    };
}
