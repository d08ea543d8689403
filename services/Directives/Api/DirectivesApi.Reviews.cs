using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NgheAn.Access;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Security;
using NgheAn.ServiceDefaults.Text;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

/// <summary>Reviews (sơ kết, tổng kết): the figures the platform knows about a document and its cascade.</summary>
public sealed partial class DirectivesApi
{
    public override async Task<Proto.Review> CreateReview(Proto.CreateReviewRequest request, ServerCallContext context)
    {
        var input = request.Review ?? throw ApiErrors.InvalidArgument("review", "is required.");
        var errors = new List<FieldViolation>();
        if (input.Kind == Proto.ReviewKind.Unspecified)
        {
            errors.Add(new("review.kind", "is required: REVIEW_KIND_INTERIM (sơ kết) or REVIEW_KIND_FINAL (tổng kết)."));
        }

        var start = OptionalDate(input.PeriodStart, "review.period_start", errors);
        var end = OptionalDate(input.PeriodEnd, "review.period_end", errors);
        if (start is null && errors.All(e => e.Field != "review.period_start")) errors.Add(new("review.period_start", "is required."));
        if (end is null && errors.All(e => e.Field != "review.period_end")) errors.Add(new("review.period_end", "is required."));
        if (start > end) errors.Add(new("review.period_end", "is before period_start."));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        var document = await LoadForChangeAsync(request.DocumentId, "document_id", context);
        var review = await ComputeReviewAsync(document, input.Kind, start!.Value, end!.Value, context.CancellationToken);
        var row = new ReviewRow
        {
            Id = Guid.CreateVersion7(),
            DocumentId = document.Id,
            UnitId = document.UnitId,
            CreatedAt = clock.GetUtcNow(),
            Body = "",
        };
        review.Id = row.Id.ToString();
        review.CreateTime = Timestamp.FromDateTimeOffset(row.CreatedAt);
        review.Csv = ReviewCsv(document, review);
        row.Body = JsonFormatter.Default.Format(review);
        db.Reviews.Add(row);
        db.AddIntegrationEvent(new ReviewPublished
        {
            ReviewId = row.Id,
            UnitId = document.UnitId,
            DocumentId = document.Id,
            Symbol = document.Symbol,
            Kind = input.Kind == Proto.ReviewKind.Final ? "final" : "interim",
            PeriodStart = start.Value,
            PeriodEnd = end.Value,
            TasksDone = review.TasksByUnit.Sum(u => u.Done),
            TasksOverdue = review.TasksByUnit.Sum(u => u.Overdue),
            ModelsCommended = review.ModelsCommended,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        return review;
    }

    public override async Task<Proto.Review> GetReview(Proto.GetReviewRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.Id, "id");
        var row = await db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, context.CancellationToken);
        await access.DemandRecordAsync(row?.UnitId, null, "review", request.Id, context.CancellationToken);
        return JsonParser.Default.Parse<Proto.Review>(row!.Body);
    }

    public override async Task<Google.Api.HttpBody> DownloadReviewCsv(Proto.DownloadReviewCsvRequest request, ServerCallContext context)
    {
        var review = await GetReview(new Proto.GetReviewRequest { Id = request.Id }, context);
        var symbol = await db.Documents.Where(d => d.Id == Guid.Parse(review.DocumentId)).Select(d => d.Symbol).FirstAsync(context.CancellationToken);
        return CsvDownload.Create(context, $"review-{symbol.Replace('/', '_')}-{review.Id}.csv", review.Csv);
    }

    private async Task<Proto.Review> ComputeReviewAsync(Document document, Proto.ReviewKind kind, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var graph = new CascadeGraph(await AllLinksAsync(cancellationToken));
        var covered = graph.AllBelow(document.Id).ToList();
        var symbols = await db.Documents.AsNoTracking().Where(d => covered.Contains(d.Id)).Select(d => d.Symbol).ToListAsync(cancellationToken);

        // A task counts as overdue when an occurrence due within the period went unreported by the
        // period's end (or by today, for a period not yet over).
        var asOf = Min(end.AddDays(1), clock.Today());
        var tasks = await db.Tasks.AsNoTracking().Where(t => covered.Contains(t.DocumentId) && t.StartDate <= end).ToListAsync(cancellationToken);
        var occurrences = tasks.ToDictionary(t => t.Id, t => t.Schedule.OccurrencesDueBetween(start, end, t.ReportedOccurrences, Calendar));
        var byUnit = tasks.GroupBy(t => t.LeadUnitId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Proto.UnitTaskFigures
        {
            UnitId = g.Key,
            OccurrencesDue = g.Sum(t => occurrences[t.Id].Due),
            OccurrencesReported = g.Sum(t => occurrences[t.Id].Reported),
            Tasks = g.Count(),
            Done = g.Count(t => t.CompletedAt is { } at && VietnamDay(at) >= start && VietnamDay(at) <= end),
            Overdue = g.Count(t => t.Schedule.OverdueOccurrences(asOf, t.ReportedOccurrences, Calendar)
                .Any(o => o.DueDate >= start && o.DueDate <= end && (t.CompletedAt is null || VietnamDay(t.CompletedAt.Value) > o.DueDate))),
        });

        var models = await db.CommendedModels.AsNoTracking()
            .Where(m => (m.DocumentId != null && covered.Contains(m.DocumentId.Value)) || (m.DocumentSymbol != null && symbols.Contains(m.DocumentSymbol)))
            .Where(m => m.CommendedOn >= start && m.CommendedOn <= end)
            .GroupBy(m => m.Level).Select(g => new { Level = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // Petitions handled under the cascade, or in the document's unit subtree when they name no document.
        var ownerPath = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == document.UnitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken) ?? document.UnitId;
        var units = db.Set<OrgUnit>().AsNoTracking().Where(u => u.Path == ownerPath || u.Path.StartsWith(ownerPath + "/")).Select(u => u.Id);
        var petitions = db.Petitions.AsNoTracking().Where(p => (p.DocumentId != null && covered.Contains(p.DocumentId.Value))
            || (p.DocumentId == null && p.UnitId != null && units.Contains(p.UnitId)));

        var review = new Proto.Review
        {
            DocumentId = document.Id.ToString(),
            Kind = kind,
            PeriodStart = VietnameseDate.ToIso(start),
            PeriodEnd = VietnameseDate.ToIso(end),
            ModelsCommended = models.Sum(m => m.Count),
            PetitionsResolved = await petitions.CountAsync(p => p.ResolvedOn >= start && p.ResolvedOn <= end, cancellationToken),
            PetitionsOverdue = await petitions.CountAsync(p => p.OverdueOn >= start && p.OverdueOn <= end, cancellationToken),
        };
        review.TasksByUnit.AddRange(byUnit);
        review.ModelsByLevel.AddRange(models.OrderBy(m => m.Level, StringComparer.Ordinal).Select(m => new Proto.LevelCount { Level = m.Level, Count = m.Count }));
        return review;
    }

    private static string ReviewCsv(Document document, Proto.Review review)
    {
        var csv = new StringBuilder();
        csv.AppendLine("section,key,tasks,done,overdue,count,occurrences_due,occurrences_reported");
        csv.AppendLine(CultureInfo.InvariantCulture, $"document,{Cell(document.Symbol)},,,,,,");
        csv.AppendLine(CultureInfo.InvariantCulture, $"period,{review.PeriodStart}/{review.PeriodEnd},,,,,,");
        foreach (var unit in review.TasksByUnit)
            csv.AppendLine(CultureInfo.InvariantCulture, $"tasks,{Cell(unit.UnitId)},{unit.Tasks},{unit.Done},{unit.Overdue},,{unit.OccurrencesDue},{unit.OccurrencesReported}");
        foreach (var level in review.ModelsByLevel)
            csv.AppendLine(CultureInfo.InvariantCulture, $"models,{Cell(level.Level)},,,,{level.Count},,");
        csv.AppendLine(CultureInfo.InvariantCulture, $"models,total,,,,{review.ModelsCommended},,");
        csv.AppendLine(CultureInfo.InvariantCulture, $"petitions,resolved,,,,{review.PetitionsResolved},,");
        csv.AppendLine(CultureInfo.InvariantCulture, $"petitions,overdue,,,,{review.PetitionsOverdue},,");
        return csv.ToString();

        static string Cell(string value) => CsvText.Cell(value);
    }

    private static DateOnly VietnamDay(DateTimeOffset time) => DateOnly.FromDateTime(time.ToOffset(VietnamTime.Offset).DateTime);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
