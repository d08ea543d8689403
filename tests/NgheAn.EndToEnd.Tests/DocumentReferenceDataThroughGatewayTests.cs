using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Document types, issuers and committee terms are data the provincial office extends (issue #6).</summary>
[Collection(PlatformCollection.Name)]
public sealed class DocumentReferenceDataThroughGatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_issuer_added_by_the_provincial_office_is_accepted_in_symbols_from_then_on()
    {
        var document = new { symbol = "12-NQ/BCSĐ", title = "Nghị quyết của Ban cán sự đảng", issueDate = "2025-09-15" };
        using (var unknown = await platform.Json.PostAsJsonAsync("/v1/documents", document))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("document.symbol", out _));
        }

        var issuer = new { code = "BCSĐ", name = "Ban cán sự đảng Ủy ban nhân dân tỉnh", level = "ISSUER_LEVEL_PROVINCIAL" };
        using var staff = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.UnitStaff], "xa-kim-lien"));
        using (var denied = await staff.PostAsJsonAsync("/v1/issuers", issuer))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (var added = await platform.Json.PostAsJsonAsync("/v1/issuers", issuer))
        {
            Assert.True(added.StatusCode == HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        }

        using (var again = await platform.Json.PostAsJsonAsync("/v1/issuers", issuer))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var accepted = await platform.Json.PostAsJsonAsync("/v1/documents", document))
        {
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        }

        var next = await platform.Json.GetFromJsonAsync<JsonElement>("/v1/documents:proposeNumber?type=NQ&issuer=BCSĐ&issueDate=2025-10-01");
        Assert.Equal("13-NQ/BCSĐ", next.GetProperty("symbol").GetString());

        var listed = await ListAllAsync(staff, "/v1/issuers", "issuers");
        Assert.False(listed.Single(i => i.GetProperty("code").GetString() == "BCSĐ").GetProperty("builtIn").GetBoolean());
        Assert.True(listed.Single(i => i.GetProperty("code").GetString() == "TU").GetProperty("builtIn").GetBoolean());
    }

    [Fact]
    public async Task Bad_reference_rows_are_refused_naming_the_field_and_nothing_is_written()
    {
        using (var badCode = await platform.Json.PostAsJsonAsync("/v1/document-types", new { code = "K/H", name = "Sai", legalBasis = "Thử" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
            var errors = (await badCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("document_type.code", out _), errors.ToString());
        }

        using (var noLevel = await platform.Json.PostAsJsonAsync("/v1/issuers", new { code = "BTGTW2", name = "Thiếu cấp", validFrom = "2025-02-01", validTo = "2025-01-01" }))
        {
            var errors = (await noLevel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("issuer.level", out _) && errors.TryGetProperty("issuer.valid_to", out _), errors.ToString());
        }

        // Two provincial terms may not start on the same day.
        var built = (await ListAllAsync(platform.Json, "/v1/party-terms", "partyTerms")).First(t => t.GetProperty("level").GetString() == "ISSUER_LEVEL_PROVINCIAL");
        using (var clash = await platform.Json.PostAsJsonAsync("/v1/party-terms", new { level = "ISSUER_LEVEL_PROVINCIAL", name = "Trùng", label = "x", starts = built.GetProperty("starts").GetString(), source = "Thử" }))
        {
            var errors = (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("party_term.starts", out _), errors.ToString());
        }

        Assert.DoesNotContain(await ListAllAsync(platform.Json, "/v1/issuers", "issuers"), i => i.GetProperty("code").GetString() == "BTGTW2");
        Assert.DoesNotContain(await ListAllAsync(platform.Json, "/v1/party-terms", "partyTerms"), t => t.GetProperty("name").GetString() == "Trùng");
    }

    [Fact]
    public async Task A_document_type_added_with_its_legal_basis_is_listed_page_by_page()
    {
        using (var added = await platform.Json.PostAsJsonAsync("/v1/document-types",
            new { code = "ĐA", name = "Đề án", englishName = "Scheme", legalBasis = "Quy định 66-QĐ/TW (2017)", validFrom = "2017-02-06" }))
        {
            Assert.True(added.StatusCode == HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        }

        var types = await ListAllAsync(platform.Json, "/v1/document-types", "documentTypes", pageSize: 4);
        var scheme = types.Single(t => t.GetProperty("code").GetString() == "ĐA");
        Assert.Equal(("Quy định 66-QĐ/TW (2017)", "2017-02-06"), (scheme.GetProperty("legalBasis").GetString(), scheme.GetProperty("validFrom").GetString()));
        Assert.Equal(types.Count, types.Select(t => t.GetProperty("code").GetString()).Distinct().Count());
        Assert.Contains(types, t => t.GetProperty("code").GetString() == "KH");
    }

    private static async Task<List<JsonElement>> ListAllAsync(HttpClient client, string path, string field, int pageSize = 0)
    {
        var all = new List<JsonElement>();
        var token = "";
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{path}?pageSize={pageSize}&pageToken={Uri.EscapeDataString(token)}");
            if (page.TryGetProperty(field, out var rows))
            {
                all.AddRange(rows.EnumerateArray().Select(r => r.Clone()));
            }

            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() ?? "" : "";
        }
        while (token.Length > 0);
        return all;
    }
}
