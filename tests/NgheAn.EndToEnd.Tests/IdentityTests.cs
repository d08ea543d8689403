using System.Net;
using System.Text;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using NgheAn.Contracts.Directives.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Tokens: missing, expired, wrongly signed or from another issuer are refused, at the gateway and at the service.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdentityTests(PlatformFixture platform)
{
    public static TheoryData<string, string?> BadTokens() => new()
    {
        { "missing", null },
        { "expired", DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], now: DateTimeOffset.UtcNow.AddHours(-10), lifetime: TimeSpan.FromHours(1)) },
        { "signed with another key", DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], key: new SymmetricSecurityKey(Encoding.UTF8.GetBytes("an-attacker-key-that-is-long-enough-for-hmac-sha256!")) { KeyId = "nghean-development" }) },
        { "from another issuer", DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], issuer: "https://evil.example") },
        { "garbage", "not.a.token" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Refused_over_json_with_401(string why, string? token)
    {
        using var client = platform.JsonClientWithToken(token);
        using var response = await client.GetAsync("/v1/documents");
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: got {(int)response.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Refused_over_grpc_with_unauthenticated(string why, string? token)
    {
        var client = new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(token));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListDocumentsAsync(new ListDocumentsRequest()).ResponseAsync);
        Assert.True(error.StatusCode == StatusCode.Unauthenticated, $"{why}: got {error.StatusCode}");
    }

    [Fact]
    public async Task The_service_itself_refuses_a_call_without_a_token()
    {
        // Straight to the Directives service, around the gateway: access is enforced there too.
        using var client = new HttpClient { BaseAddress = platform.App.GetEndpoint("directives", "http") };
        using var response = await client.GetAsync("/v1/documents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Another_units_record_does_not_reveal_whether_it_exists()
    {
        var staff = DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-vinh-hung");
        using var client = platform.JsonClientWithToken(staff);

        using var missing = await client.GetAsync($"/v1/documents/{Guid.NewGuid()}");
        using var missingUnit = await client.GetAsync("/v1/org-units/no-such-unit");

        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missingUnit.StatusCode);
    }

    [Fact]
    public async Task A_unit_caller_lists_only_what_its_unit_may_see()
    {
        var staff = DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-thai-hoa");
        var own = await new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(staff)).CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document { Symbol = "03-KH/VPTU", Title = "Kế hoạch riêng của phường Thái Hòa về danh sách", IssueDate = "2025-12-01" },
        });
        Assert.Equal("phuong-thai-hoa", own.UnitId);

        var neighbour = DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-tay-hieu");
        var seenByNeighbour = await new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(neighbour))
            .ListDocumentsAsync(new ListDocumentsRequest { Query = "rieng cua phuong thai hoa" });
        var seenByOwner = await new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(staff))
            .ListDocumentsAsync(new ListDocumentsRequest { Query = "rieng cua phuong thai hoa" });

        Assert.Empty(seenByNeighbour.Documents);
        Assert.Equal([own.Id], seenByOwner.Documents.Select(d => d.Id));
    }
}
