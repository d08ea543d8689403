using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

/// <summary>Refusals of the authorisation middleware in a service: gRPC statuses and google.rpc.Status JSON, never a bare HTTP status.</summary>
public sealed class AuthorizationRefusalsTests
{
    private static readonly AuthorizationPolicy Policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    [Fact]
    public async Task Over_grpc_no_token_is_a_trailers_only_UNAUTHENTICATED_with_a_message()
    {
        var context = Request("application/grpc");

        await new AuthorizationRefusals().HandleAsync(_ => throw new InvalidOperationException("must not run"), context, Policy, PolicyAuthorizationResult.Challenge());

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("16", context.Response.Headers["grpc-status"].ToString());
        Assert.Contains("bearer token", context.Response.Headers["grpc-message"].ToString(), StringComparison.Ordinal);
        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task Over_grpc_a_failed_policy_is_PERMISSION_DENIED()
    {
        var context = Request("application/grpc-web");

        await new AuthorizationRefusals().HandleAsync(_ => Task.CompletedTask, context, Policy, PolicyAuthorizationResult.Forbid());

        Assert.Equal("7", context.Response.Headers["grpc-status"].ToString());
    }

    [Fact]
    public async Task Over_json_the_refusal_is_a_google_rpc_status_with_the_http_status()
    {
        var unauthenticated = Request("application/json");
        var forbidden = Request("application/json");

        await new AuthorizationRefusals().HandleAsync(_ => Task.CompletedTask, unauthenticated, Policy, PolicyAuthorizationResult.Challenge());
        await new AuthorizationRefusals().HandleAsync(_ => Task.CompletedTask, forbidden, Policy, PolicyAuthorizationResult.Forbid());

        Assert.Equal(401, unauthenticated.Response.StatusCode);
        Assert.Equal(16, Body(unauthenticated).GetProperty("code").GetInt32());
        Assert.Equal(403, forbidden.Response.StatusCode);
        Assert.Equal("application/json", forbidden.Response.ContentType);
        var status = Body(forbidden);
        Assert.Equal(7, status.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_success_goes_on()
    {
        var ran = false;

        await new AuthorizationRefusals().HandleAsync(_ => { ran = true; return Task.CompletedTask; }, Request("application/json"), Policy, PolicyAuthorizationResult.Success());

        Assert.True(ran);
    }

    [Fact]
    public void Why_a_token_was_refused_is_said_without_the_validators_text()
    {
        Assert.Contains("needs a bearer token", AuthorizationRefusals.WhyUnauthenticated(null), StringComparison.Ordinal);
        Assert.Equal("The bearer token has expired.", AuthorizationRefusals.WhyUnauthenticated(new SecurityTokenExpiredException("IDX10223: ...")));
        Assert.Contains("no longer than", AuthorizationRefusals.WhyUnauthenticated(new SecurityTokenInvalidLifetimeException("IDX")), StringComparison.Ordinal);
        Assert.DoesNotContain("IDX", AuthorizationRefusals.WhyUnauthenticated(new SecurityTokenSignatureKeyNotFoundException("IDX10503: kid ...")), StringComparison.Ordinal);
    }

    /// <summary>A request without a token, in a host whose authentication is the platform's scheme.</summary>
    private static DefaultHttpContext Request(string contentType)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        context.Request.ContentType = contentType;
        context.Response.Body = new MemoryStream();
        context.Features.Set<IAuthenticateResultFeature>(null);
        return context;
    }

    private static JsonElement Body(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement;
    }
}
