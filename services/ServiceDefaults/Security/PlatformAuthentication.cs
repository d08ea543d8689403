using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// JWT bearer authentication, the same in the gateway and every service (each checks the token
/// itself: access is enforced in the services, not only at the gateway). Configuration "Auth":
/// Issuer, Audience (default "nghean-platform"), and the signing keys from one or more of:
/// Authority (OIDC discovery), JwksUrl (a JSON Web Key Set), SigningKeys (base64 HMAC secrets).
/// In Development the public development key (DevelopmentTokens) is accepted as well; elsewhere never.
/// Discovery and key sets are fetched over HTTPS except in Development or when
/// Auth:RequireHttpsMetadata is false (an in-cluster provider on a network the policies close).
/// Where the provider puts roles and unit: Auth:Claims (<see cref="ClaimMapping"/>).
/// A token must expire, and live (exp − iat, else exp − nbf) no longer than Auth:MaxTokenLifetime
/// (default 12 h), so a stolen token is not good for weeks. Every endpoint requires an authenticated
/// caller unless it says [AllowAnonymous]; refusals have the platform's error shape (<see cref="AuthorizationRefusals"/>).
/// </summary>
public static class PlatformAuthentication
{
    public const string DefaultAudience = "nghean-platform";
    public static readonly TimeSpan DefaultMaxTokenLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var development = builder.Environment.IsDevelopment();
        var authority = auth["Authority"];
        var jwksUrl = auth["JwksUrl"];
        var issuers = new List<string>(auth.GetSection("Issuers").Get<string[]>() ?? []);
        if (auth["Issuer"] is { Length: > 0 } issuer)
        {
            issuers.Add(issuer);
        }

        var configuredKeys = auth.GetSection("SigningKeys").Get<string[]>() ?? [];
        if (configuredKeys.Length > 0 && issuers.Count == 0)
        {
            // A shared key alone would accept tokens minted for any issuer that holds it.
            throw new InvalidOperationException("Auth:SigningKeys needs Auth:Issuer (or Auth:Issuers) to say whose tokens they sign.");
        }

        var keys = configuredKeys
            .Select(k => (SecurityKey)new SymmetricSecurityKey(Convert.FromBase64String(k)))
            .ToList();
        if (development)
        {
            issuers.Add(DevelopmentTokens.Issuer);
            keys.Add(DevelopmentTokens.SigningKey);
        }

        if (keys.Count == 0 && string.IsNullOrEmpty(authority) && string.IsNullOrEmpty(jwksUrl))
        {
            throw new InvalidOperationException(
                "No way to check tokens: set Auth:Authority, Auth:JwksUrl or Auth:SigningKeys (development tokens are accepted only in Development).");
        }

        var requireHttps = auth.GetValue<bool?>("RequireHttpsMetadata") ?? !development;
        foreach (var (name, address) in new[] { ("Authority", authority), ("JwksUrl", jwksUrl) })
        {
            // JwtBearer would say so only at the first request; say it at start, naming the setting.
            if (requireHttps && !string.IsNullOrEmpty(address) && !address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Auth:{name} must use https ('{address}'), unless Auth:RequireHttpsMetadata is false (a provider inside the cluster, reached over a network the policies close).");
            }
        }

        var claimMapping = ClaimMapping.From(builder.Configuration);
        var maxLifetime = auth.GetValue<TimeSpan?>("MaxTokenLifetime") ?? DefaultMaxTokenLifetime;
        if (maxLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Auth:MaxTokenLifetime must be positive, got {maxLifetime}.");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.RequireHttpsMetadata = requireHttps;
            if (!string.IsNullOrEmpty(authority))
            {
                options.Authority = authority;
            }
            else if (!string.IsNullOrEmpty(jwksUrl))
            {
                options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    jwksUrl, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = requireHttps });
            }

            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuers = issuers,
                ValidateIssuer = issuers.Count > 0 || !string.IsNullOrEmpty(authority),
                ValidAudience = auth["Audience"] ?? DefaultAudience,
                IssuerSigningKeys = keys,
                NameClaimType = PlatformClaims.Name,
                RoleClaimType = PlatformClaims.Role,
                ClockSkew = ClockSkew,
                RequireExpirationTime = true,
                LifetimeValidator = (notBefore, expires, token, _) => ValidateLifetime(notBefore, expires, token, maxLifetime, DateTime.UtcNow),
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    claimMapping.Apply((ClaimsIdentity)context.Principal!.Identity!, context.SecurityToken);
                    return Task.CompletedTask;
                },
            };
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationRefusals>();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    // The standard checks (exp required, not expired, not before nbf), then the longest lifetime.
    private static readonly TokenValidationParameters StandardLifetime = new() { ClockSkew = ClockSkew, RequireExpirationTime = true, ValidateLifetime = true };

    /// <summary>Throws a SecurityToken*Exception when the token's lifetime is not accepted.</summary>
    public static bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TimeSpan maxLifetime, DateTime utcNow)
    {
        Validators.ValidateLifetime(notBefore, expires, token, StandardLifetime);
        // Without iat or nbf the start is unknown: measure from now, so it cannot live longer than allowed from here.
        var start = token is JsonWebToken { IssuedAt: var issuedAt } && issuedAt != DateTime.MinValue ? issuedAt : notBefore ?? utcNow;
        if (expires!.Value - start > maxLifetime)
        {
            throw new SecurityTokenInvalidLifetimeException(
                $"The token lives {expires.Value - start} (from {start:O} to {expires.Value:O}); at most {maxLifetime} is accepted.")
            {
                NotBefore = notBefore,
                Expires = expires,
            };
        }

        return true;
    }

    /// <summary>Reads a bare JWKS document as the signing keys of an OIDC configuration.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var jwks = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration();
            foreach (var key in jwks.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
