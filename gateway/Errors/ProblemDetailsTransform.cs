using System.Text.Json;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace NgheAn.Gateway.Errors;

public static class ProblemDetailsTransform
{
    /// <summary>
    /// Rewrites JSON error responses of the services (google.rpc.Status from gRPC JSON transcoding)
    /// into application/problem+json. Only application/json error responses are touched: gRPC
    /// responses (status and google.rpc details in grpc-status-details-bin) pass through as they are.
    /// </summary>
    public static IReverseProxyBuilder AddProblemDetailsForJsonErrors(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(context => context.AddResponseTransform(RewriteAsync));

    private static async ValueTask RewriteAsync(ResponseTransformContext context)
    {
        var upstream = context.ProxyResponse;
        if (upstream is null
            || (int)upstream.StatusCode < 400
            || upstream.Content.Headers.ContentType?.MediaType is not "application/json")
        {
            return;
        }

        var body = await upstream.Content.ReadAsByteArrayAsync(context.CancellationToken);
        var problem = ProblemDetailsMapping.FromRpcStatusJson((int)upstream.StatusCode, body);
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
