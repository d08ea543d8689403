using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// What a caller gets when the authentication or authorisation middleware refuses a call before any
/// method runs: no or a bad token → 401 / UNAUTHENTICATED, a failed policy → 403 / PERMISSION_DENIED.
/// gRPC callers get a trailers-only status with a message; JSON callers get a google.rpc.Status body
/// (as transcoding writes it), which the gateway turns into problem+json. The message says why a
/// token was refused without echoing the validator's text.
/// </summary>
public class AuthorizationRefusals : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The authentication middleware keeps only a successful result; a refused token's reason
            // comes from the handler, which remembers its result for the request (no second validation).
            var failure = (context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult ?? await context.AuthenticateAsync())?.Failure;
            // RFC 6750; set when the response starts, so writers that clear the response keep it.
            var challenge = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.WWWAuthenticate = challenge;
                return Task.CompletedTask;
            });
            await WriteAsync(context, StatusCode.Unauthenticated, StatusCodes.Status401Unauthorized, WhyUnauthenticated(failure));
            return;
        }

        await WriteAsync(context, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden, "The caller's roles do not allow this call.");
    }

    public static string WhyUnauthenticated(Exception? failure) => failure switch
    {
        null => "This call needs a bearer token (Authorization: Bearer <token>).",
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
        SecurityTokenNoExpirationException or SecurityTokenInvalidLifetimeException =>
            "The bearer token's lifetime is not accepted: it must expire, and live no longer than the platform allows.",
        _ => "The bearer token is not valid (signature, issuer, audience or format).",
    };

    /// <summary>The services' shape; the gateway answers problem+json instead.</summary>
    protected virtual async Task WriteAsync(HttpContext context, StatusCode code, int httpStatus, string message)
    {
        if (GrpcRequests.IsGrpc(context.Request))
        {
            await GrpcRequests.WriteStatusAsync(context, code, message);
            return;
        }

        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new RpcStatus((int)code, message, []), cancellationToken: context.RequestAborted);
    }

    private sealed record RpcStatus(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] int Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("details")] object[] Details);
}
