using System.Globalization;
using Grpc.Core;
using NgheAn.Access;
using NgheAn.Access.Rules;
using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.CadreWork.OrgUnits;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.CadreWork.V1;

namespace NgheAn.CadreWork.Api;

public sealed class OrgUnitsApi(
    CadreWorkDbContext db, OrgUnitRegistry registry, OrgUnitReorganiser reorganiser, CallAccess access, TimeProvider clock)
    : Proto.OrgUnitsService.OrgUnitsServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    public override async Task<Proto.OrgUnit> GetOrgUnit(Proto.GetOrgUnitRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Id))
        {
            throw ApiErrors.InvalidArgument("id", "is required.");
        }

        // The access model checked the unit (id is a subject); only a caller who could see it anyway learns that it does not exist.
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.Id, context.CancellationToken)
            ?? throw access.Missing("org-unit", request.Id);

        return await ToProtoAsync(unit, clock.Today(), context.CancellationToken);
    }

    public override async Task<Proto.ListOrgUnitsResponse> ListOrgUnits(Proto.ListOrgUnitsRequest request, ServerCallContext context)
    {
        var caller = access.Caller;
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var asOf = ParseDate(request.AsOfDate, "as_of_date") ?? clock.Today();
        // Unit-scoped callers list their own subtree (the tree above them they read unit by unit).
        var rootId = request.RootId is { Length: > 0 } id ? id : access.Everywhere ? null : caller.UnitId;
        if (!access.Everywhere && (rootId is null || !await access.ReachesAsync(rootId, AccessKind.OwnSubtree, context.CancellationToken)))
        {
            throw CallAccess.Denied($"unit '{rootId ?? "(your unit)"}'");
        }

        var query = PlacedOn(asOf).Where(u => u.Unit.ValidFrom <= asOf && (u.Unit.ValidTo == null || u.Unit.ValidTo >= asOf));
        if (rootId is not null)
        {
            var root = await PlacedOn(asOf).FirstOrDefaultAsync(u => u.Unit.Id == rootId, context.CancellationToken)
                ?? throw ApiErrors.NotFound("org-unit", rootId);
            var rootPath = root.Path;
            // A unit that does not exist on the date has no subtree then (a successor before its merge).
            query = root.Unit.IsValidOn(asOf)
                ? query.Where(u => u.Path == rootPath || u.Path.StartsWith(rootPath + "/"))
                : query.Where(_ => false);
        }

        var filter = $"{rootId}|{asOf:yyyy-MM-dd}";
        if (PageToken.Decode(request.PageToken, filter, 1) is [var afterPath])
        {
            query = query.Where(u => string.Compare(u.Path, afterPath) > 0);
        }

        // Path order puts every parent before its children.
        var page = await query.OrderBy(u => u.Path).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListOrgUnitsResponse();
        foreach (var placed in page.Take(pageSize))
        {
            var proto = await ToProtoAsync(placed.Unit, asOf, context.CancellationToken);
            (proto.ParentId, proto.Path) = (placed.ParentId ?? "", placed.Path);
            response.OrgUnits.Add(proto);
        }

        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(filter, page[pageSize - 1].Path);
        }

        return response;
    }

    /// <summary>Units with the parent and path they had on a date: a former placement covering it, else the current one.</summary>
    private IQueryable<PlacedUnit> PlacedOn(DateOnly date) =>
        // Placements of a unit do not overlap, so the left join gives one row per unit.
        from u in db.OrgUnits.AsNoTracking()
        from p in db.OrgUnitPlacements.Where(p => p.UnitId == u.Id && p.ValidFrom <= date && p.ValidTo >= date).DefaultIfEmpty()
        select new PlacedUnit { Unit = u, Path = p == null ? u.Path : p.Path, ParentId = p == null ? u.ParentId : p.ParentId };

    private sealed class PlacedUnit
    {
        public required OrgUnit Unit { get; init; }

        public required string Path { get; init; }

        public string? ParentId { get; init; }
    }

    public override async Task<Proto.OrgUnit> CreateOrgUnit(Proto.CreateOrgUnitRequest request, ServerCallContext context)
    {
        var input = request.OrgUnit ?? throw ApiErrors.InvalidArgument("org_unit", "is required.");
        var validFrom = ParseDate(input.ValidFrom, "org_unit.valid_from");
        var validTo = ParseDate(input.ValidTo, "org_unit.valid_to");
        var unit = await registry.CreateAsync(
            new ProposedUnit(
                request.OrgUnitId.Trim(),
                input.Name,
                input.Level == Proto.OrgUnitLevel.Unspecified ? "" : input.Level.ToString(),
                input.ParentId is { Length: > 0 } parent ? parent : null,
                validFrom,
                validTo,
                [.. input.PredecessorIds]),
            context.CancellationToken);
        return await ToProtoAsync(unit, clock.Today(), context.CancellationToken);
    }

    public override async Task<Proto.OrgUnit> RenameOrgUnit(Proto.RenameOrgUnitRequest request, ServerCallContext context)
    {
        var unit = await reorganiser.RenameAsync(
            request.Id.Trim(), request.Name, ParseDate(request.EffectiveDate, "effective_date"), context.CancellationToken);
        return await ToProtoAsync(unit, clock.Today(), context.CancellationToken);
    }

    public override async Task<Proto.MergeOrgUnitsResponse> MergeOrgUnits(Proto.MergeOrgUnitsRequest request, ServerCallContext context)
    {
        var result = await reorganiser.MergeAsync(
            [.. request.MergedUnitIds.Select(i => i.Trim())],
            ParseDate(request.EffectiveDate, "effective_date"),
            request.SuccessorId is { Length: > 0 } existing ? existing.Trim() : null,
            request.Successor is { } created ? NewUnit(created, "successor") : null,
            context.CancellationToken);
        var response = new Proto.MergeOrgUnitsResponse
        {
            Successor = await ToProtoAsync(result.Successor, clock.Today(), context.CancellationToken),
            PeopleMoved = result.PeopleMoved,
            Scheduled = result.Scheduled,
        };
        foreach (var unit in result.Merged)
        {
            response.MergedUnits.Add(await ToProtoAsync(unit, unit.ValidTo ?? clock.Today(), context.CancellationToken));
        }

        return response;
    }

    public override async Task<Proto.SplitOrgUnitResponse> SplitOrgUnit(Proto.SplitOrgUnitRequest request, ServerCallContext context)
    {
        var result = await reorganiser.SplitAsync(
            request.Id.Trim(),
            ParseDate(request.EffectiveDate, "effective_date"),
            [.. request.Successors.Select((s, i) => NewUnit(s, $"successors[{i}]"))],
            request.DefaultSuccessorId is { Length: > 0 } fallback ? fallback.Trim() : null,
            [.. request.Assignments.Select(a => (a.PersonId.Trim(), a.SuccessorId.Trim()))],
            context.CancellationToken);
        var response = new Proto.SplitOrgUnitResponse
        {
            OrgUnit = await ToProtoAsync(result.Unit, result.Unit.ValidTo ?? clock.Today(), context.CancellationToken),
            PeopleMoved = result.PeopleMoved,
            Scheduled = result.Scheduled,
        };
        foreach (var unit in result.Successors)
        {
            response.Successors.Add(await ToProtoAsync(unit, clock.Today(), context.CancellationToken));
        }

        return response;
    }

    private static NewUnitInput NewUnit(Proto.NewOrgUnit input, string field)
    {
        var unit = input.OrgUnit ?? throw ApiErrors.InvalidArgument(field + ".org_unit", "is required.");
        return new NewUnitInput(
            input.OrgUnitId.Trim(),
            unit.Name,
            unit.Level == Proto.OrgUnitLevel.Unspecified ? null : unit.Level.ToString(),
            unit.ParentId is { Length: > 0 } parent ? parent.Trim() : null);
    }

    /// <param name="asOf">The date whose name to show: a renamed unit shows its former name before the rename.</param>
    private async Task<Proto.OrgUnit> ToProtoAsync(OrgUnit unit, DateOnly asOf, CancellationToken cancellationToken)
    {
        var formerNames = await db.OrgUnitNames.AsNoTracking().Where(n => n.UnitId == unit.Id)
            .Select(n => new FormerName(n.Name, n.ValidFrom, n.ValidTo)).ToListAsync(cancellationToken);
        var proto = new Proto.OrgUnit
        {
            Id = unit.Id,
            Name = OrgUnitReorganisation.NameOn(unit.Name, formerNames, asOf),
            Level = Enum.Parse<Proto.OrgUnitLevel>(unit.Level),
            ParentId = unit.ParentId ?? "",
            ValidFrom = unit.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValidTo = unit.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            Path = unit.Path,
        };
        proto.PredecessorIds.AddRange(unit.PredecessorIds);
        proto.SuccessorIds.AddRange(await db.OrgUnits.AsNoTracking()
            .Where(u => u.PredecessorIds.Contains(unit.Id)).OrderBy(u => u.Id).Select(u => u.Id)
            .ToListAsync(cancellationToken));
        return proto;
    }

    private static DateOnly? ParseDate(string text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw ApiErrors.InvalidArgument(field, $"must be a date YYYY-MM-DD, got '{text}'.");
    }
}
