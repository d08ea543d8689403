using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

/// <summary>
/// The whole gateway (its Program and appsettings) in Production with an OpenID Connect provider:
/// it starts, lets through a call with the provider's token (to a service that is not running here,
/// so the call ends at the proxy, past authentication), and refuses development tokens.
/// </summary>
public sealed class GatewayWithOpenIdProviderTests : IAsyncLifetime
{
    private LocalOpenIdProvider _provider = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        _provider = await LocalOpenIdProvider.StartAsync();
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Auth:Authority"] = _provider.Authority,
                ["Auth:RequireHttpsMetadata"] = "false", // the local provider speaks HTTP
                ["Idempotency:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                // No service runs here: a call that passes authentication fails at the proxy.
                ["services:directives:grpc:0"] = "http://127.0.0.1:1",
                ["services:cadrework:grpc:0"] = "http://127.0.0.1:1",
                ["services:emulation:grpc:0"] = "http://127.0.0.1:1",
                ["services:supervision:grpc:0"] = "http://127.0.0.1:1",
                ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200",
                ["RateLimits:Enabled"] = "false",
            })
            {
                web.UseSetting(key, value);
            }
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private async Task<HttpResponseMessage> ListOrgUnitsAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/org-units");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _gateway.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_token_from_the_provider_passes_the_gateway()
    {
        var token = _provider.Issue(new Dictionary<string, object> { ["sub"] = "vp-01", ["role"] = PlatformRoles.ProvincialOffice });

        using var response = await ListOrgUnitsAsync(token);

        // Past authentication and authorisation: the proxy finds no service behind it.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task A_development_token_is_refused()
    {
        using var response = await ListOrgUnitsAsync(DevelopmentTokens.Create([PlatformRoles.ProvincialOffice]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("The bearer token is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_a_token_is_refused()
    {
        using var response = await ListOrgUnitsAsync(token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }
}
