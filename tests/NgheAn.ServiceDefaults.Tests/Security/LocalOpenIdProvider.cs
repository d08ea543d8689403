using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

/// <summary>
/// An OpenID Connect provider as the platform sees one: a discovery document and the key set of an
/// RSA key made for the test, served over HTTP on a loopback port; it signs tokens with that key.
/// </summary>
public sealed class LocalOpenIdProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private LocalOpenIdProvider(WebApplication app, RsaSecurityKey key, string authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    /// <summary>The issuer and the address discovery is found under (/.well-known/openid-configuration).</summary>
    public string Authority { get; }

    public static async Task<LocalOpenIdProvider> StartAsync()
    {
        var key = NewKey();
        var builder = WebApplication.CreateSlimBuilder();
                var app = builder.Build();
        LocalOpenIdProvider? provider = null;
        app.MapGet("/realms/nghean/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider!.Authority,
            ["jwks_uri"] = $"{provider.Authority}/protocol/openid-connect/certs",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        app.MapGet("/realms/nghean/protocol/openid-connect/certs", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.Urls.Add("http://127.0.0.1:0"); // a free loopback port
        await app.StartAsync();
        var address = app.Urls.Single();
        provider = new LocalOpenIdProvider(app, key, $"{address.TrimEnd('/')}/realms/nghean");
        return provider;
    }

    /// <summary>A new RSA key, as another provider (or an attacker) would hold.</summary>
    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    /// <summary>A token as this provider issues it: its issuer, the platform's audience, signed with its key; <paramref name="claims"/> as given.</summary>
    public string Issue(
        IDictionary<string, object> claims,
        string? issuer = null,
        string audience = PlatformAuthentication.DefaultAudience,
        SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }
}
