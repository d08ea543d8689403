using System.Globalization;
using System.Text.Json;
using Grpc.Core;

namespace NgheAn.Gateway.Errors;

/// <summary>
/// Errors the gateway answers itself, in the caller's protocol: gRPC (and gRPC-Web) callers get a
/// trailers-only response (HTTP 200, grpc-status and grpc-message in the headers); everyone else
/// gets application/problem+json with the matching HTTP status.
/// </summary>
public static class GatewayErrors
{
    public static async Task WriteAsync(HttpContext context, StatusCode code, int httpStatus, string message, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.Clear();
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (GrpcRequests.IsGrpc(context.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = context.Request.ContentType;
            response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = GrpcRequests.EncodeMessage(message);
            await response.CompleteAsync();
            return;
        }

        response.StatusCode = httpStatus;
        response.ContentType = ProblemDetailsMapping.ContentType;
        await JsonSerializer.SerializeAsync(response.Body, ProblemDetailsMapping.Create(code, httpStatus, message), cancellationToken: context.RequestAborted);
    }
}
