using System.Text.Json;
using NgheAn.ServiceDefaults.Errors;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace NgheAn.Gateway.Errors;

public static class ProblemDetailsTransform
{
    /// <summary>
    /// Rewrites JSON error responses of the services (google.rpc.Status from gRPC JSON transcoding)
    /// into application/problem+json, and gives one to an error without a body (a service's routing
    /// answering 404 or 405). Other error responses are not touched: gRPC responses (status and
    /// google.rpc details in grpc-status-details-bin) pass through as they are.
    /// </summary>
    public static IReverseProxyBuilder AddProblemDetailsForJsonErrors(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(context => context.AddResponseTransform(RewriteAsync));

    private static async ValueTask RewriteAsync(ResponseTransformContext context)
    {
        var upstream = context.ProxyResponse;
        if (upstream is null || (int)upstream.StatusCode < 400 || GrpcRequests.IsGrpc(context.HttpContext.Request))
        {
            return;
        }

        var contentType = upstream.Content.Headers.ContentType?.MediaType;
        var bodiless = contentType is null && upstream.Content.Headers.ContentLength is 0 or null;
        if (contentType is not "application/json" && !bodiless)
        {
            return;
        }

        var body = await upstream.Content.ReadAsByteArrayAsync(context.CancellationToken);
        var status = (int)upstream.StatusCode;
        var (code, message) = GatewayErrors.ForStatus(status);
        var problem = bodiless && body.Length == 0
            ? ProblemDetailsMapping.Create(code, status, message)
            : ProblemDetailsMapping.FromRpcStatusJson(status, body);
        context.SuppressResponseBody = true;
        var response = context.HttpContext.Response;
        response.ContentLength = null;
        if (problem is null)
        {
            await response.Body.WriteAsync(body, context.CancellationToken);
            return;
        }

        response.ContentType = ProblemDetailsMapping.ContentType;
        await JsonSerializer.SerializeAsync(response.Body, problem, cancellationToken: context.CancellationToken);
    }
}
