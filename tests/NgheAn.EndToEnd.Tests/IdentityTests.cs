using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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
        { "living longer than allowed (12 h)", DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], lifetime: TimeSpan.FromHours(13)) },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Refused_over_json_with_401(string why, string? token)
    {
        using var client = platform.JsonClientWithToken(token);
        using var response = await client.GetAsync("/v1/documents");
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UNAUTHENTICATED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Refused_over_grpc_with_unauthenticated(string why, string? token)
    {
        var client = new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(token));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListDocumentsAsync(new ListDocumentsRequest()).ResponseAsync);
        Assert.True(error.StatusCode == StatusCode.Unauthenticated, $"{why}: got {error.StatusCode}");
        Assert.DoesNotContain("Bad gRPC response", error.Status.Detail, StringComparison.Ordinal); // a status, not a bare 401
    }

    [Fact]
    public async Task The_service_itself_refuses_a_call_without_a_token_or_with_one_living_too_long_in_shape()
    {
        // Straight to the Directives service, around the gateway: access is enforced there too.
        using var client = new HttpClient { BaseAddress = platform.App.GetEndpoint("directives", "http") };
        using var response = await client.GetAsync("/v1/documents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // A google.rpc.Status, as transcoding writes errors (the gateway turns it into problem+json).
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(16, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        // A token living longer than allowed is refused by the service too.
        using var tooLong = new HttpRequestMessage(HttpMethod.Get, "/v1/documents");
        tooLong.Headers.Authorization = new("Bearer", DevelopmentTokens.Create([PlatformRoles.ProvincialOffice], lifetime: TimeSpan.FromHours(13)));
        using var refused = await client.SendAsync(tooLong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(16, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        // A role refused by a policy: 403 with PERMISSION_DENIED (7).
        using var supervision = new HttpClient { BaseAddress = platform.App.GetEndpoint("supervision", "http") };
        using var council = new HttpRequestMessage(HttpMethod.Get, "/v1/disciplines");
        council.Headers.Authorization = new("Bearer", DevelopmentTokens.Create([PlatformRoles.EmulationCouncil]));
        using var denied = await supervision.SendAsync(council);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(7, (await denied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
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
