using System.Globalization;
using System.Text;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using NgheAn.Access.Rules;
using NgheAn.Access;
using Microsoft.EntityFrameworkCore;
using NgheAn.Emulation.Domain;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;
using NgheAn.ServiceDefaults.Text;
using Npgsql;
using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Api;

/// <summary>
/// Commendation reports ("5,395 models commended, 501 provincial, 3 central"): counts by level,
/// unit subtree, movement and directive over a period, computed by aggregate SQL in the database.
/// </summary>
public sealed partial class EmulationApi
{
    public override Task<Proto.CommendationReport> GetCommendationReport(Proto.GetCommendationReportRequest request, ServerCallContext context) =>
        ReportAsync(request, context);

    public override async Task<HttpBody> GetCommendationReportCsv(Proto.GetCommendationReportCsvRequest request, ServerCallContext context)
    {
        // The CSV request has the report request's fields under the same numbers: the bytes read as either.
        var report = await ReportAsync(Proto.GetCommendationReportRequest.Parser.ParseFrom(request.ToByteString()), context);
        var csv = new StringBuilder();
        csv.AppendLine("section,key,count");
        csv.AppendLine(CultureInfo.InvariantCulture, $"unit,{CsvText.Cell(report.UnitId)},");
        csv.AppendLine(CultureInfo.InvariantCulture, $"period,{report.PeriodStart}/{report.PeriodEnd},");
        csv.AppendLine(CultureInfo.InvariantCulture, $"models,total,{report.ModelsCommended}");
        void Rows(string section, IEnumerable<Proto.ReportCount> counts)
        {
            foreach (var count in counts) csv.AppendLine(CultureInfo.InvariantCulture, $"{section},{CsvText.Cell(count.Key)},{count.Count}");
        }

        Rows("models-by-level", report.ModelsByLevel);
        Rows("models-by-unit", report.ModelsByUnit);
        Rows("models-by-movement", report.ModelsByMovement);
        Rows("models-by-document", report.ModelsByDocument);
        csv.AppendLine(CultureInfo.InvariantCulture, $"awards,total,{report.AwardsGranted}");
        Rows("awards-by-level", report.AwardsByLevel);

        return CsvDownload.Create(context, string.Join('-', new[] { "commendations", report.UnitId, report.PeriodStart, report.PeriodEnd }.Where(p => p.Length > 0)) + ".csv", csv.ToString());
    }

    private async Task<Proto.CommendationReport> ReportAsync(Proto.GetCommendationReportRequest request, ServerCallContext context)
    {
        var errors = new List<FieldViolation>();
        var movementId = Collect(() => EmulationMapping.OptionalId(request.MovementId, "movement_id"), errors);
        var documentId = Collect(() => EmulationMapping.OptionalId(request.DocumentId, "document_id"), errors);
        var start = Collect(() => EmulationMapping.OptionalDate(request.PeriodStart, "period_start"), errors);
        var end = Collect(() => EmulationMapping.OptionalDate(request.PeriodEnd, "period_end"), errors);
        if (start > end) errors.Add(new("period_end", "is before period_start."));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        // A report covers a subtree the caller could change: its own unit and below, or any for province-wide roles.
        var unitId = request.UnitId is { Length: > 0 } asked ? asked.Trim() : access.HomeUnitId;
        var root = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Path).FirstOrDefaultAsync(context.CancellationToken);
        if (root is null && access.Everywhere)
        {
            throw ApiErrors.InvalidArgument("unit_id", $"unknown organisation unit '{unitId}'.");
        }

        if (root is null || !await access.ReachesAsync(unitId, AccessKind.OwnSubtree, context.CancellationToken))
        {
            throw CallAccess.Denied($"reports of unit '{unitId}'");
        }

        var parameters = new List<NpgsqlParameter>
        {
            new("root", root), new("prefix", root + "/%"), new("root_id", unitId), new("skip", root.Length + 2),
        };
        var modelFilter = new StringBuilder();
        var awardFilter = new StringBuilder();
        if (movementId is { } movement) { modelFilter.Append(" AND m.movement_id = @movement"); parameters.Add(new("movement", movement)); }
        if (documentId is { } document) { modelFilter.Append(" AND m.document_id = @document"); parameters.Add(new("document", document)); }
        if (start is { } from) { modelFilter.Append(" AND m.commended_on >= @start"); awardFilter.Append(" AND a.decision_date >= @start"); parameters.Add(new("start", from)); }
        if (end is { } to) { modelFilter.Append(" AND m.commended_on <= @end"); awardFilter.Append(" AND a.decision_date <= @end"); parameters.Add(new("end", to)); }

        // One round trip: models counted once at their highest level, by level, by the subtree of each
        // unit right below the root (the root's own models under its id), by movement and directive;
        // then awards in force by level. Subtrees are path-prefix matches on the org-unit copy.
        var sql = $"""
            WITH scoped AS (
                SELECT m.commended_level, m.movement_id, m.document_id, u.path
                FROM models m JOIN org_units u ON u.id = m.unit_id
                WHERE m.commended_level IS NOT NULL AND (u.path = @root OR u.path LIKE @prefix){modelFilter}
            )
            SELECT 'level' AS dimension, commended_level::text AS key, count(*)::int AS count FROM scoped GROUP BY commended_level
            UNION ALL
            SELECT 'unit', CASE WHEN path = @root THEN @root_id ELSE split_part(substr(path, @skip), '/', 1) END, count(*)::int FROM scoped GROUP BY 2
            UNION ALL
            SELECT 'movement', movement_id::text, count(*)::int FROM scoped WHERE movement_id IS NOT NULL GROUP BY movement_id
            UNION ALL
            SELECT 'document', document_id::text, count(*)::int FROM scoped WHERE document_id IS NOT NULL GROUP BY document_id
            UNION ALL
            SELECT 'award', a.level::text, count(*)::int
            FROM awards a JOIN org_units u ON u.id = a.unit_id
            WHERE a.revoked_on IS NULL AND (u.path = @root OR u.path LIKE @prefix){awardFilter}
            GROUP BY a.level
            """;
        var rows = new List<ReportRow>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(context.CancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters.ToArray());
            await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
            while (await reader.ReadAsync(context.CancellationToken))
            {
                rows.Add(new ReportRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var documentIds = rows.Where(r => r.Dimension == "document").Select(r => Guid.Parse(r.Key)).ToList();
        var symbols = await db.KnownDocuments.AsNoTracking().Where(d => documentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id.ToString(), d => d.Symbol, context.CancellationToken);
        IEnumerable<Proto.ReportCount> Counts(string dimension, Func<string, string> key) =>
            rows.Where(r => r.Dimension == dimension).Select(r => new Proto.ReportCount { Key = key(r.Key), Count = r.Count }).OrderBy(c => c.Key, StringComparer.Ordinal);
        static string Level(string value) => ((CommendationLevel)int.Parse(value, CultureInfo.InvariantCulture)).Key();

        var report = new Proto.CommendationReport
        {
            UnitId = unitId,
            PeriodStart = start.Iso(),
            PeriodEnd = end.Iso(),
            ModelsCommended = rows.Where(r => r.Dimension == "level").Sum(r => r.Count),
            AwardsGranted = rows.Where(r => r.Dimension == "award").Sum(r => r.Count),
        };
        report.ModelsByLevel.AddRange(Counts("level", Level));
        report.ModelsByUnit.AddRange(Counts("unit", k => k));
        report.ModelsByMovement.AddRange(Counts("movement", k => k));
        report.ModelsByDocument.AddRange(Counts("document", k => symbols.GetValueOrDefault(k, k)));
        report.AwardsByLevel.AddRange(Counts("award", Level));
        return report;
    }

    /// <summary>One aggregate row of the report query.</summary>
    private sealed record ReportRow(string Dimension, string Key, int Count);
}
