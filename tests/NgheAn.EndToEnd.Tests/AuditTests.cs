using System.Net;
using System.Text.Json;
using Grpc.Core;
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
        var changes = JsonDocument.Parse(entry.Changes).RootElement;
        Assert.Equal("Kế hoạch kiểm tra việc ghi nhật ký thay đổi", changes.GetProperty("Title").GetProperty("new").GetString());
        Assert.True(Math.Abs((entry.ChangeTime.ToDateTimeOffset() - document.CreateTime.ToDateTimeOffset()).TotalSeconds) < 30);

        // Nobody else reads the audit trail.
        var staff = new AuditService.AuditServiceClient(platform.GrpcChannelFor(writer));
        var denied = await Assert.ThrowsAsync<RpcException>(() => staff.ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        using var office = await platform.Json.GetAsync("/v1/audit-entries");
        Assert.Equal(HttpStatusCode.Forbidden, office.StatusCode);
    }
}
