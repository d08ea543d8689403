using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace NgheAn.ServiceDefaults.Errors;

/// <summary>gRPC requests and the answers given to them outside a gRPC method (refused before it runs).</summary>
public static class GrpcRequests
{
    /// <summary>gRPC and gRPC-Web (application/grpc, application/grpc+proto, application/grpc-web-text…).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// A trailers-only gRPC response: HTTP 200 with grpc-status and grpc-message in the headers, no
    /// message. A bare HTTP status would reach a gRPC client as "Bad gRPC response" without a message.
    /// </summary>
    public static async Task WriteStatusAsync(HttpContext context, StatusCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = context.Request.ContentType;
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = EncodeMessage(message);
        await response.CompleteAsync();
    }

    /// <summary>grpc-message is percent-encoded UTF-8 (gRPC over HTTP/2 spec): only printable ASCII but '%' goes as is.</summary>
    public static string EncodeMessage(string message)
    {
        var builder = new System.Text.StringBuilder(message.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
