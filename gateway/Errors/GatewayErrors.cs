using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using NgheAn.ServiceDefaults.Errors;

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
            await GrpcRequests.WriteStatusAsync(context, code, message);
            return;
        }

        response.StatusCode = httpStatus;
        response.ContentType = ProblemDetailsMapping.ContentType;
        await JsonSerializer.SerializeAsync(response.Body, ProblemDetailsMapping.Create(code, httpStatus, message), cancellationToken: context.RequestAborted);
    }

    /// <summary>
    /// The error for a bare HTTP status (no body): one YARP set when forwarding failed, or one a
    /// service's routing answered (404 unknown path, 405 wrong method). Messages name no internals.
    /// </summary>
    public static (StatusCode Code, string Message) ForStatus(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest => (StatusCode.InvalidArgument, "The request could not be read."),
        StatusCodes.Status401Unauthorized => (StatusCode.Unauthenticated, "This call needs a valid bearer token."),
        StatusCodes.Status403Forbidden => (StatusCode.PermissionDenied, "The caller may not make this call."),
        StatusCodes.Status404NotFound => (StatusCode.NotFound, "No API method matches this path; the routes are in /openapi/v1.json."),
        StatusCodes.Status405MethodNotAllowed => (StatusCode.Unimplemented, "This path does not take this HTTP method; the Allow header and /openapi/v1.json say which it takes."),
        StatusCodes.Status408RequestTimeout => (StatusCode.DeadlineExceeded, "The request did not arrive in time."),
        StatusCodes.Status413PayloadTooLarge => (StatusCode.ResourceExhausted, "The request body is larger than the gateway accepts."),
        StatusCodes.Status415UnsupportedMediaType => (StatusCode.InvalidArgument, "The request body's Content-Type is not accepted here."),
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable => (StatusCode.Unavailable, "The service could not be reached; retry later."),
        StatusCodes.Status504GatewayTimeout => (StatusCode.DeadlineExceeded, "The service did not answer in time."),
        >= 500 => (StatusCode.Internal, "The request could not be completed."),
        _ => (StatusCode.InvalidArgument, "The request was refused."),
    };
}
