using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

/// <summary>
/// A host in Production that checks tokens with an OpenID Connect provider (Auth:Authority): it
/// finds the provider's keys through discovery, accepts what that provider signed for the platform,
/// and refuses everything else, the public development tokens first.
/// </summary>
public sealed class OpenIdAuthorityTests : IAsyncLifetime
{
    private LocalOpenIdProvider _provider = null!;

    public async Task InitializeAsync() => _provider = await LocalOpenIdProvider.StartAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    /// <summary>Production settings for the local provider (plain HTTP on loopback, so HTTPS is waived explicitly).</summary>
    private Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Authority"] = _provider.Authority,
            ["Auth:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private sealed record CallerView(string Person, string[] Roles, string? UnitId);

    /// <summary>A real host on a loopback port, configured only by <paramref name="settings"/>, with one endpoint that answers who the caller is.</summary>
    private static async Task<(WebApplication App, HttpClient Client)> StartHostAsync(IDictionary<string, string?> settings, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
                builder.AddPlatformAuthentication();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/caller", (HttpContext context) =>
        {
            var caller = Caller.From(context.User);
            return new CallerView(caller.Person, [.. caller.Roles.Order()], caller.UnitId);
        });
        app.Urls.Add("http://127.0.0.1:0"); // a free loopback port
        await app.StartAsync();
        var address = app.Urls.Single();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static async Task<HttpResponseMessage> CallAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/caller");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static Dictionary<string, object> Claims(params (string Name, object Value)[] claims) =>
        new(claims.Select(c => KeyValuePair.Create(c.Name, c.Value)).Append(KeyValuePair.Create<string, object>("sub", "3f0c1a52-9d0e-4d8e-9a57-0f2b1f6a7c11")));

    [Fact]
    public async Task A_token_the_authority_signed_is_accepted_with_its_roles_and_unit()
    {
        var (app, client) = await StartHostAsync(Settings());
        await using var _ = app;

        using var response = await CallAsync(client, _provider.Issue(Claims(("role", new[] { PlatformRoles.UnitStaff, PlatformRoles.CellSecretary }), ("unit", "phuong-truong-vinh"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal("3f0c1a52-9d0e-4d8e-9a57-0f2b1f6a7c11", caller!.Person);
        Assert.Equal([PlatformRoles.CellSecretary, PlatformRoles.UnitStaff], caller.Roles);
        Assert.Equal("phuong-truong-vinh", caller.UnitId);
    }

    [Fact]
    public async Task A_development_token_is_refused()
    {
        var (app, client) = await StartHostAsync(Settings());
        await using var _ = app;

        using var response = await CallAsync(client, DevelopmentTokens.Create([PlatformRoles.ProvincialOffice]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string> Forgeries => new() { "another key", "another issuer", "another audience" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_token_with_another_key_issuer_or_audience_is_refused(string what)
    {
        var (app, client) = await StartHostAsync(Settings());
        await using var _ = app;
        var claims = Claims(("role", PlatformRoles.ProvincialOffice));
        var genuine = _provider.Issue(claims);
        var forged = what switch
        {
            "another key" => _provider.Issue(claims, key: LocalOpenIdProvider.NewKey()),
            "another issuer" => _provider.Issue(claims, issuer: "https://id.elsewhere.example/realms/nghean"),
            _ => _provider.Issue(claims, audience: "another-platform"),
        };

        using var refused = await CallAsync(client, forged);
        using var accepted = await CallAsync(client, genuine);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString()); // RFC 6750: a token was sent, and refused
        Assert.Contains("The bearer token is not valid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode); // the same host, the same claims: only the forgery differs
    }

    [Fact]
    public async Task Roles_are_read_where_the_provider_puts_them_and_only_from_there()
    {
        var (app, client) = await StartHostAsync(Settings(("Auth:Claims:Role", "realm_access.roles"), ("Auth:Claims:Unit", "org.unit")));
        await using var _ = app;
        var keycloakShaped = Claims(
            ("realm_access", new Dictionary<string, object> { ["roles"] = new[] { "default-roles-nghean", "offline_access", PlatformRoles.UnitStaff } }),
            ("org", new Dictionary<string, object> { ["unit"] = "xa-nghi-loc" }),
            ("role", PlatformRoles.ProvincialOffice), // not where this provider's roles are: ignored
            ("unit", "nghe-an"));

        using var response = await CallAsync(client, _provider.Issue(keycloakShaped));

        var caller = await response.Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal([PlatformRoles.UnitStaff], caller!.Roles);
        Assert.Equal("xa-nghi-loc", caller.UnitId);
    }

    [Fact]
    public async Task Roles_that_are_not_the_platforms_are_dropped()
    {
        var (app, client) = await StartHostAsync(Settings());
        await using var _ = app;

        using var response = await CallAsync(client, _provider.Issue(Claims(("role", new[] { PlatformRoles.Analyst, "admin", "Provincial-Office" }))));

        var caller = await response.Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal([PlatformRoles.Analyst], caller!.Roles);
        Assert.Null(caller.UnitId);
    }

    [Fact]
    public async Task An_authority_over_plain_http_refuses_to_start_unless_allowed_explicitly()
    {
        var settings = Settings();
        settings.Remove("Auth:RequireHttpsMetadata");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(settings));

        Assert.Contains("Auth:RequireHttpsMetadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_claim_path_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(Settings(("Auth:Claims:Role", "realm_access..roles"))));

        Assert.Contains("Auth:Claims:Role", error.Message, StringComparison.Ordinal);
    }
}
