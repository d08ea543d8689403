using System.Net;
using System.Text.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Directives.V1;
using NgheAn.Contracts.Supervision.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Every write is recorded (who, when, from which unit, what changed) and the inspection commission can query it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_created_document_is_in_the_audit_trail_for_the_inspection_commission()
    {
        var writer = DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-cua-lo", person: "can-bo-cua-lo-01");
        var document = await new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(writer)).CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "09-KH/VPTU", Title = "Kế hoạch kiểm tra việc ghi nhật ký thay đổi", IssueDate = "2025-10-20" },
        });

        var inspector = new AuditService.AuditServiceClient(platform.GrpcChannelFor(
            DevelopmentTokens.Create([PlatformRoles.InspectionCommission], person: "uy-vien-ubkt")));
        AuditEntry? entry = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (entry is null && DateTime.UtcNow < deadline)
        {
            var page = await inspector.ListAuditEntriesAsync(new ListAuditEntriesRequest { Service = "directives", EntityId = document.Id });
            entry = page.AuditEntries.SingleOrDefault();
            if (entry is null)
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(entry);
        Assert.Equal(("Document", "Created", "can-bo-cua-lo-01"), (entry.EntityType, entry.Action, entry.Person));
        Assert.Equal(("phuong-cua-lo", "phuong-cua-lo"), (entry.CallerUnitId, entry.UnitId));
        Assert.Equal(["unit-staff"], entry.Roles);
        Assert.Equal("Kế hoạch kiểm tra việc ghi nhật ký thay đổi", entry.Changes.Fields["Title"].StructValue.Fields["new"].StringValue);
        Assert.True(Math.Abs((entry.ChangeTime.ToDateTimeOffset() - document.CreateTime.ToDateTimeOffset()).TotalSeconds) < 30);

        // Nobody else reads the audit trail.
        var staff = new AuditService.AuditServiceClient(platform.GrpcChannelFor(writer));
        var denied = await Assert.ThrowsAsync<RpcException>(() => staff.ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        using var office = await platform.Json.GetAsync("/v1/audit-entries");
        Assert.Equal(HttpStatusCode.Forbidden, office.StatusCode);
    }
    [Fact]
    public async Task Writes_of_cadre_work_and_the_directive_cascade_are_audited_with_what_changed()
    {
        var office = DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], person: $"chanh-van-phong-{Guid.NewGuid():N}");
        var directives = new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(office));
        var draft = await directives.CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "41-KH/TU", Title = "Kế hoạch thực hiện chỉ thị về ghi nhật ký", IssueDate = "2025-11-03", Status = DocumentStatus.Draft },
        });
        await directives.IssueDocumentAsync(new IssueDocumentRequest { Id = draft.Id });
        var task = await directives.CreateTaskAsync(new CreateTaskRequest
        {
            DocumentId = draft.Id,
            Task = new DocumentTask { Title = "Báo cáo kết quả ghi nhật ký", LeadUnitId = "xa-kim-lien", StartDate = "2025-11-03", DueDate = "2025-12-31" },
        });

        var committee = DevelopmentTokens.Create([PlatformRoles.OrganizationCommittee], person: $"uy-vien-ban-to-chuc-{Guid.NewGuid():N}");
        var cadres = new CadresService.CadresServiceClient(platform.GrpcChannelFor(committee));
        var person = await cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Nguyễn Thị Nhật Ký", UnitId = "xa-kim-lien", Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1982-05-06", Sex = Sex.Female },
        });
        var rating = await cadres.CreateRatingAsync(new CreateRatingRequest
        {
            PersonId = person.Id,
            Rating = new Rating { Period = "2025", RatingDate = "2025-12-15", GeneralScore = 27, TaskScore = 60, AllTasksOnTime = true },
        });

        var documentEntries = await EntriesAsync("directives", draft.Id, expected: 2);
        Assert.Equal(["Created", "Updated"], documentEntries.Select(e => e.Action).Order());
        var issued = documentEntries.Single(e => e.Action == "Updated").Changes.Fields["Status"].StructValue.Fields;
        Assert.NotEqual(issued["old"], issued["new"]);
        var taskEntry = Assert.Single(await EntriesAsync("directives", task.Id, expected: 1));
        Assert.Equal(("Created", "xa-kim-lien"), (taskEntry.Action, taskEntry.UnitId));
        Assert.All(documentEntries.Append(taskEntry), e => Assert.Equal(["provincial-office"], e.Roles));

        var personEntry = Assert.Single(await EntriesAsync("cadrework", person.Id, expected: 1));
        Assert.Equal(("Created", "xa-kim-lien", "Nguyễn Thị Nhật Ký"),
            (personEntry.Action, personEntry.UnitId, personEntry.Changes.Fields["FullName"].StructValue.Fields["new"].StringValue));
        var ratingEntry = Assert.Single(await EntriesAsync("cadrework", rating.Id, expected: 1));
        Assert.Equal(["organization-committee"], ratingEntry.Roles);
        Assert.All(new[] { personEntry, ratingEntry }, e => Assert.StartsWith("uy-vien-ban-to-chuc-", e.Person));
    }

    // The trail is fed by AuditRecorded events: wait until the expected entries have arrived.
    private async Task<List<AuditEntry>> EntriesAsync(string service, string entityId, int expected)
    {
        var inspector = new AuditService.AuditServiceClient(platform.GrpcChannelFor(
            DevelopmentTokens.Create([PlatformRoles.InspectionCommission], person: "uy-vien-ubkt")));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await inspector.ListAuditEntriesAsync(new ListAuditEntriesRequest { Service = service, EntityId = entityId });
            if (page.AuditEntries.Count >= expected || DateTime.UtcNow > deadline)
            {
                return [.. page.AuditEntries];
            }

            await Task.Delay(200);
        }
    }
}
