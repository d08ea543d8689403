using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

public sealed class PlatformAuthenticationTests
{
    private const string ProductionIssuer = "https://id.nghean.gov.vn";

    private static readonly byte[] ProductionKeyBytes = RandomNumberGenerator.GetBytes(32);

    private static readonly Dictionary<string, string?> ProductionConfig = new()
    {
        ["Auth:Issuer"] = ProductionIssuer,
        ["Auth:SigningKeys:0"] = Convert.ToBase64String(ProductionKeyBytes),
    };

    /// <summary>A real host with only the given configuration (no appsettings, environment variables or user secrets).</summary>
    private static WebApplication Host(string environment, IDictionary<string, string?>? config = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(config ?? new Dictionary<string, string?>());
        builder.AddPlatformAuthentication();
        return builder.Build();
    }

    private static async Task<TokenValidationResult> ValidateAsync(WebApplication app, string token)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, options.TokenValidationParameters);
    }

    private static string ProductionToken(string issuer = ProductionIssuer, byte[]? key = null) =>
        DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-truong-vinh", "can-bo-01",
            key: new SymmetricSecurityKey(key ?? ProductionKeyBytes), issuer: issuer);

    [Fact]
    public async Task In_development_a_development_token_validates_with_its_claims()
    {
        await using var app = Host(Environments.Development);

        var result = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.UnitStaff], "phuong-truong-vinh", "can-bo-01"));

        Assert.True(result.IsValid, result.Exception?.Message);
        var caller = Caller.From(new(result.ClaimsIdentity));
        Assert.Equal("can-bo-01", caller.Person);
        Assert.Equal("phuong-truong-vinh", caller.UnitId);
        Assert.Equal([PlatformRoles.UnitStaff], caller.Roles);
        Assert.Equal(PlatformClaims.Role, result.ClaimsIdentity.RoleClaimType);
    }

    [Fact]
    public async Task In_production_a_development_token_does_not_validate()
    {
        await using var app = Host(Environments.Production, ProductionConfig);

        var result = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.ProvincialOffice]));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Signing_keys_without_an_issuer_refuse_to_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Host(Environments.Production, new Dictionary<string, string?>
        {
            ["Auth:SigningKeys:0"] = Convert.ToBase64String(ProductionKeyBytes),
        }));
        Assert.Contains("Auth:Issuer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_a_token_signed_with_the_configured_key_and_issuer_validates()
    {
        await using var app = Host(Environments.Production, ProductionConfig);

        var result = await ValidateAsync(app, ProductionToken());

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task In_production_a_token_from_another_issuer_does_not_validate()
    {
        await using var app = Host(Environments.Production, ProductionConfig);

        var result = await ValidateAsync(app, ProductionToken(issuer: DevelopmentTokens.Issuer));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Exception);
    }

    [Fact]
    public async Task In_production_a_token_signed_with_another_key_does_not_validate()
    {
        await using var app = Host(Environments.Production, ProductionConfig);

        var result = await ValidateAsync(app, ProductionToken(key: RandomNumberGenerator.GetBytes(32)));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Production_without_keys_authority_or_jwks_refuses_to_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Host(Environments.Production));
        Assert.Contains("Auth:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Staging_without_keys_refuses_to_start_too()
    {
        Assert.Throws<InvalidOperationException>(() => Host(Environments.Staging));
    }

    [Fact]
    public async Task An_expired_token_does_not_validate()
    {
        await using var app = Host(Environments.Development);
        var token = DevelopmentTokens.Create([PlatformRoles.Analyst], lifetime: TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddHours(-2));

        var result = await ValidateAsync(app, token);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task A_token_for_another_audience_does_not_validate()
    {
        await using var app = Host(Environments.Development, new Dictionary<string, string?> { ["Auth:Audience"] = "another-platform" });

        var result = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.Analyst]));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task A_token_living_longer_than_twelve_hours_does_not_validate()
    {
        await using var app = Host(Environments.Development);

        var result = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.Analyst], lifetime: TimeSpan.FromHours(12.5)));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(result.Exception);
    }

    [Fact]
    public async Task A_development_token_of_eight_hours_validates_under_the_default_maximum()
    {
        await using var app = Host(Environments.Development);

        var result = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.Analyst]));

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task The_maximum_lifetime_is_configurable()
    {
        await using var app = Host(Environments.Development, new Dictionary<string, string?> { ["Auth:MaxTokenLifetime"] = "01:00:00" });

        var eightHours = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.Analyst]));
        var oneHour = await ValidateAsync(app, DevelopmentTokens.Create([PlatformRoles.Analyst], lifetime: TimeSpan.FromMinutes(59)));

        Assert.IsType<SecurityTokenInvalidLifetimeException>(eightHours.Exception);
        Assert.True(oneHour.IsValid, oneHour.Exception?.Message);
    }

    [Fact]
    public void A_maximum_lifetime_that_is_not_positive_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Host(Environments.Development, new Dictionary<string, string?> { ["Auth:MaxTokenLifetime"] = "00:00:00" }));

        Assert.Contains("Auth:MaxTokenLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_an_expiry_does_not_validate()
    {
        await using var app = Host(Environments.Development);

        var result = await ValidateAsync(app, UnusualToken(issuedAt: DateTime.UtcNow, notBefore: null, expires: null));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenNoExpirationException>(result.Exception);
    }

    [Fact]
    public async Task Without_iat_the_lifetime_counts_from_nbf_and_without_both_from_now()
    {
        await using var app = Host(Environments.Development);
        var now = DateTime.UtcNow;

        var longFromNbf = await ValidateAsync(app, UnusualToken(issuedAt: null, notBefore: now.AddHours(-10), expires: now.AddHours(3)));
        var shortFromNbf = await ValidateAsync(app, UnusualToken(issuedAt: null, notBefore: now.AddHours(-1), expires: now.AddHours(3)));
        var farFromNow = await ValidateAsync(app, UnusualToken(issuedAt: null, notBefore: null, expires: now.AddDays(30)));

        Assert.IsType<SecurityTokenInvalidLifetimeException>(longFromNbf.Exception);
        Assert.True(shortFromNbf.IsValid, shortFromNbf.Exception?.Message);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(farFromNow.Exception);
    }

    /// <summary>A development-signed token with exactly the time claims given (none added by the handler).</summary>
    private static string UnusualToken(DateTime? issuedAt, DateTime? notBefore, DateTime? expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = DevelopmentTokens.Audience,
            Claims = new Dictionary<string, object> { [PlatformClaims.Person] = "can-bo-02", [PlatformClaims.Role] = PlatformRoles.Analyst },
            IssuedAt = issuedAt,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(DevelopmentTokens.SigningKey, SecurityAlgorithms.HmacSha256),
        });
}
