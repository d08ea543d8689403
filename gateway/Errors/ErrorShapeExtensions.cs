using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;
using Yarp.ReverseProxy.Forwarder;

namespace NgheAn.Gateway.Errors;

/// <summary>
/// Every error the gateway answers itself has the platform's shape (problem+json, or a trailers-only
/// gRPC status with a message), never a bare HTTP status: refused tokens, unknown routes and failed
/// forwarding. The services' own errors are rewritten by <see cref="ProblemDetailsTransform"/>.
/// </summary>
public static class ErrorShapeExtensions
{
    /// <summary>After AddPlatformAuthentication: its refusals (401, 403) in the gateway's shape.</summary>
    public static WebApplicationBuilder AddGatewayRefusals(this WebApplicationBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, GatewayRefusals>());
        return builder;
    }

    /// <summary>
    /// What no route matches: 404 problem+json, or UNIMPLEMENTED over gRPC (the gRPC answer for an
    /// unknown service or method). No token needed: the routes are public in /openapi/v1.json.
    /// </summary>
    public static WebApplication MapUnknownRoutes(this WebApplication app)
    {
        app.MapFallback("{**path}", context => GrpcRequests.IsGrpc(context.Request)
            ? GatewayErrors.WriteAsync(context, StatusCode.Unimplemented, StatusCodes.Status404NotFound, "No such gRPC service or method on this platform.")
            : GatewayErrors.WriteAsync(context, StatusCode.NotFound, StatusCodes.Status404NotFound, GatewayErrors.ForStatus(StatusCodes.Status404NotFound).Message))
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// First in the proxy pipeline: when forwarding failed (YARP leaves a bare 502, 504, 413…) or the
    /// request body could not be read (e.g. over the size limit), answer the error in shape.
    /// </summary>
    public static IApplicationBuilder UseForwardingErrors(this IApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            int status;
            try
            {
                await next(context);
                if (context.Features.Get<IForwarderErrorFeature>() is null || context.Response.HasStarted)
                {
                    return;
                }

                status = context.Response.StatusCode;
            }
            catch (BadHttpRequestException error) when (!context.Response.HasStarted)
            {
                status = error.StatusCode;
            }

            var (code, message) = GatewayErrors.ForStatus(status);
            await GatewayErrors.WriteAsync(context, code, status, message);
        });

    private sealed class GatewayRefusals : AuthorizationRefusals
    {
        protected override Task WriteAsync(HttpContext context, StatusCode code, int httpStatus, string message) =>
            GatewayErrors.WriteAsync(context, code, httpStatus, message);
    }
}
