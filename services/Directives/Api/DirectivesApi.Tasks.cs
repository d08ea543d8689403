using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NgheAn.Access;
using NgheAn.Access.Rules;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.Directives;
using NgheAn.Directives.Data;
using NgheAn.Directives.Domain;
using NgheAn.Messaging.OrgUnits;
using NgheAn.Messaging.Outbox;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.Directives.V1;

namespace NgheAn.Directives.Api;

/// <summary>Tasks from documents: the lead unit's subtree sees and edits them; province-wide offices all.</summary>
public sealed partial class DirectivesApi
{
    private const int MaxEvidenceRefs = 50;

    public override async Task<Proto.DocumentTask> CreateTask(Proto.CreateTaskRequest request, ServerCallContext context)
    {
        var input = request.Task ?? throw ApiErrors.InvalidArgument("task", "is required.");
        var documentId = RequestIds.Parse(request.DocumentId, "document_id");
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, context.CancellationToken);
        if (document is null || !await access.ReachesAsync(document.UnitId, AccessKind.Read, context.CancellationToken))
        {
            throw access.Missing("document", request.DocumentId);
        }

        var errors = new List<FieldViolation>();
        var title = (input.Title ?? "").Normalize(NormalizationForm.FormC).Trim();
        if (title.Length is 0 or > 1000)
        {
            errors.Add(new("task.title", "is required, at most 1000 characters."));
        }

        var leadUnit = input.LeadUnitId.Trim();
        var coordinating = input.CoordinatingUnitIds.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct().ToList();
        var knownUnits = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == leadUnit || coordinating.Contains(u.Id))
            .Select(u => u.Id).ToListAsync(context.CancellationToken);
        if (leadUnit.Length == 0 || !knownUnits.Contains(leadUnit))
        {
            errors.Add(new("task.lead_unit_id", leadUnit.Length == 0 ? "is required (đơn vị chủ trì)." : $"unknown organisation unit '{leadUnit}'."));
        }

        for (var i = 0; i < coordinating.Count; i++)
        {
            if (!knownUnits.Contains(coordinating[i]))
                errors.Add(new($"task.coordinating_unit_ids[{i}]", $"unknown organisation unit '{coordinating[i]}'."));
            else if (coordinating[i] == leadUnit)
                errors.Add(new($"task.coordinating_unit_ids[{i}]", "the lead unit is not also a coordinating unit."));
        }

        var start = OptionalDate(input.StartDate, "task.start_date", errors) ?? clock.Today();
        var due = OptionalDate(input.DueDate, "task.due_date", errors);
        var end = OptionalDate(input.EndDate, "task.end_date", errors);
        var frequency = input.Recurrence switch
        {
            Proto.Recurrence.Monthly => RecurrenceFrequency.Monthly,
            Proto.Recurrence.Quarterly => RecurrenceFrequency.Quarterly,
            Proto.Recurrence.Yearly => RecurrenceFrequency.Yearly,
            _ => RecurrenceFrequency.None,
        };
        var schedule = TaskSchedule.Create(frequency, start, due, end, input.DueWorkingDaysAfterPeriod, "task.");
        errors.AddRange(schedule.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        var person = input.ResponsiblePerson?.Normalize(NormalizationForm.FormC).Trim();
        if (person is { Length: > 200 })
        {
            errors.Add(new("task.responsible_person", "must be at most 200 characters."));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        if (DocumentLifecycle.IsFinal(document.Status) || document.Status == DocumentStatus.Draft)
        {
            throw ApiErrors.FailedPrecondition("document-lifecycle", $"documents/{document.Id}", $"{document.Symbol} is {document.Status}: tasks come from documents in force.");
        }

        var task = new DirectiveTask
        {
            Id = Guid.CreateVersion7(),
            DocumentId = document.Id,
            Title = title,
            LeadUnitId = leadUnit,
            CoordinatingUnitIds = coordinating,
            ResponsiblePerson = string.IsNullOrEmpty(person) ? null : person,
            StartDate = start,
            DueDate = due,
            Recurrence = frequency,
            EndDate = end,
            DueWorkingDaysAfterPeriod = input.DueWorkingDaysAfterPeriod,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Tasks.Add(task);
        db.AddIntegrationEvent(new TaskAssigned
        {
            TaskId = task.Id,
            UnitId = task.LeadUnitId,
            DocumentId = document.Id,
            DocumentSymbol = document.Symbol,
            Title = task.Title,
            CoordinatingUnitIds = task.CoordinatingUnitIds,
            ResponsiblePerson = task.ResponsiblePerson,
            DueDate = task.DueDate,
            Recurrence = frequency.ToString().ToLowerInvariant(),
        });
        var created = ToProto(task); // before the commit: an answer that fails must not follow a stored write
        await db.SaveChangesAsync(context.CancellationToken);
        return created;
    }

    public override async Task<Proto.DocumentTask> GetTask(Proto.GetTaskRequest request, ServerCallContext context) =>
        ToProto(await LoadTaskAsync(request.Id, "id", context));

    public override async Task<Proto.ListTasksResponse> ListTasks(Proto.ListTasksRequest request, ServerCallContext context)
    {
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize, MaxPageSize);
        var documentId = request.DocumentId.Length > 0 ? RequestIds.Parse(request.DocumentId, "document_id") : (Guid?)null;
        var leadUnit = request.LeadUnitId.Trim();
        var filter = $"{documentId}|{leadUnit}";

        var query = db.Tasks.AsNoTracking();
        query = access.Reached(query, t => t.LeadUnitId);

        if (documentId is { } doc)
        {
            query = query.Where(t => t.DocumentId == doc);
        }

        if (leadUnit.Length > 0)
        {
            query = query.Where(t => t.LeadUnitId == leadUnit);
        }

        var (page, next) = await KeysetPage.ByIdAsync(query, t => t.Id, pageSize, request.PageToken, filter, newestFirst: false, context.CancellationToken);
        var response = new Proto.ListTasksResponse { NextPageToken = next };
        response.Tasks.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<Proto.ProgressReport> CreateProgressReport(Proto.CreateProgressReportRequest request, ServerCallContext context)
    {
        var input = request.Report ?? throw ApiErrors.InvalidArgument("report", "is required.");
        var errors = new List<FieldViolation>();
        var summary = (input.Summary ?? "").Normalize(NormalizationForm.FormC).Trim();
        if (summary.Length is 0 or > 4000)
        {
            errors.Add(new("report.summary", "is required, at most 4000 characters."));
        }

        if (input.PercentComplete is < 0 or > 100)
        {
            errors.Add(new("report.percent_complete", "must be 0 to 100."));
        }

        var evidence = input.EvidenceRefs.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct().ToList();
        if (evidence.Count > MaxEvidenceRefs || evidence.Any(e => e.Length > 500))
        {
            errors.Add(new("report.evidence_refs", $"at most {MaxEvidenceRefs} references of at most 500 characters."));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidArgument(errors);
        }

        var task = await LoadTaskAsync(request.TaskId, "task_id", context);
        var today = clock.Today();
        var schedule = task.Schedule;
        string occurrence;
        if (input.Occurrence is { Length: > 0 } named)
        {
            occurrence = named.Trim();
            if (!schedule.Occurrences(today, Calendar).Any(o => o.Key == occurrence))
            {
                throw ApiErrors.InvalidArgument("report.occurrence", $"'{occurrence}' is not a period of this task up to today (e.g. '{schedule.OccurrenceOn(today, Calendar)?.Key ?? TaskSchedule.OnceKey}').");
            }
        }
        else
        {
            occurrence = schedule.OccurrenceOn(today, Calendar)?.Key
                ?? throw ApiErrors.InvalidArgument("report.occurrence", "today is outside the task's schedule: name the period reported on.");
        }

        var status = TaskLifecycle.AfterProgressReport(task.Status);
        if (!status.IsValid)
        {
            throw ApiErrors.FailedPrecondition("task-lifecycle", $"tasks/{task.Id}", status.Errors[0].Message);
        }

        task.Status = status.Value;
        if (!task.ReportedOccurrences.Contains(occurrence))
        {
            task.ReportedOccurrences = [.. task.ReportedOccurrences, occurrence];
        }

        var report = new ProgressReportRow
        {
            Id = Guid.CreateVersion7(),
            TaskId = task.Id,
            Occurrence = occurrence,
            Summary = summary,
            EvidenceRefs = evidence,
            PercentComplete = input.PercentComplete,
            ReportedBy = context.Caller().Person,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ProgressReports.Add(report);
        db.AddIntegrationEvent(new TaskProgressReported
        {
            TaskId = task.Id, UnitId = task.LeadUnitId, ReportId = report.Id, Occurrence = occurrence,
            PercentComplete = report.PercentComplete, EvidenceRefs = evidence,
        });
        await db.SaveChangesAsync(context.CancellationToken);

        var proto = new Proto.ProgressReport
        {
            Id = report.Id.ToString(), TaskId = task.Id.ToString(), Occurrence = occurrence, Summary = summary,
            PercentComplete = report.PercentComplete, CreateTime = Timestamp.FromDateTimeOffset(report.CreatedAt),
        };
        proto.EvidenceRefs.AddRange(evidence);
        return proto;
    }

    public override async Task<Proto.DocumentTask> CompleteTask(Proto.CompleteTaskRequest request, ServerCallContext context)
    {
        var task = await LoadTaskAsync(request.Id, "id", context);
        var status = TaskLifecycle.Complete(task.Status);
        if (!status.IsValid)
        {
            throw ApiErrors.FailedPrecondition("task-lifecycle", $"tasks/{task.Id}", status.Errors[0].Message);
        }

        task.Status = status.Value;
        task.CompletedAt = clock.GetUtcNow();
        db.AddIntegrationEvent(new TaskCompleted { TaskId = task.Id, UnitId = task.LeadUnitId, DocumentId = task.DocumentId });
        var completed = ToProto(task); // before the commit, as in CreateTask
        await db.SaveChangesAsync(context.CancellationToken);
        return completed;
    }

    private static NgheAn.ServiceDefaults.Calendar.VietnamWorkingDays Calendar => NgheAn.ServiceDefaults.Calendar.VietnamWorkingDays.Default;

    private async Task<DirectiveTask> LoadTaskAsync(string id, string field, ServerCallContext context)
    {
        var taskId = RequestIds.Parse(id, field);
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, context.CancellationToken);
        // Seeing and changing a task both need the lead unit within the caller's subtree (GetTask and ListTasks are subtree_only).
        await access.DemandRecordAsync(task?.LeadUnitId, null, "task", id, context.CancellationToken);
        return task!;
    }

    private Proto.DocumentTask ToProto(DirectiveTask task)
    {
        var today = clock.Today();
        var schedule = task.Schedule;
        var overdue = task.Status == WorkStatus.Done ? [] : schedule.OverdueOccurrences(today, task.ReportedOccurrences, Calendar);
        var next = task.Status == WorkStatus.Done ? null
            : schedule.Occurrences(today.AddYears(1), Calendar).FirstOrDefault(o => o.DueDate >= today && !task.ReportedOccurrences.Contains(o.Key));
        var proto = new Proto.DocumentTask
        {
            Id = task.Id.ToString(),
            DocumentId = task.DocumentId.ToString(),
            Title = task.Title,
            LeadUnitId = task.LeadUnitId,
            ResponsiblePerson = task.ResponsiblePerson ?? "",
            StartDate = VietnameseDate.ToIso(task.StartDate),
            DueDate = task.DueDate is { } due ? VietnameseDate.ToIso(due) : "",
            Recurrence = (Proto.Recurrence)task.Recurrence,
            EndDate = task.EndDate is { } end ? VietnameseDate.ToIso(end) : "",
            DueWorkingDaysAfterPeriod = task.DueWorkingDaysAfterPeriod,
            Status = (Proto.TaskStatus)task.Status,
            Overdue = overdue.Count > 0,
            NextDueDate = next is null ? "" : VietnameseDate.ToIso(next.DueDate),
            CreateTime = Timestamp.FromDateTimeOffset(task.CreatedAt),
            CompleteTime = task.CompletedAt is { } done ? Timestamp.FromDateTimeOffset(done) : null,
        };
        proto.CoordinatingUnitIds.AddRange(task.CoordinatingUnitIds);
        proto.OverdueOccurrences.AddRange(overdue.Select(o => o.Key));
        return proto;
    }

    private static DateOnly? OptionalDate(string? text, string field, List<FieldViolation> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = VietnameseDate.Parse(text, field);
        errors.AddRange(parsed.Errors.Select(e => new FieldViolation(e.Field, e.Message)));
        return parsed.IsValid ? parsed.Value : null;
    }
}
