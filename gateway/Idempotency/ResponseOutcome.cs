using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;

namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// Which responses may be replayed: successes and failures that the same request would meet again
/// (invalid, not found, already exists, failed precondition…). Transient failures (5xx, UNAVAILABLE,
/// ABORTED, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED…) and answers that depend on the credentials
/// (401, 403) are not kept, so a retry runs again.
/// </summary>
public static class ResponseOutcome
{
    private static readonly HashSet<StatusCode> Deterministic =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists,
        StatusCode.FailedPrecondition, StatusCode.OutOfRange, StatusCode.Unimplemented,
    ];

    public static bool IsDeterministic(StatusCode code) => Deterministic.Contains(code);

    /// <summary>A JSON response: by its problem's gRPC code when it has one, else by HTTP status.</summary>
    public static bool IsReplayableHttp(int status, string? contentType, ReadOnlySpan<byte> body)
    {
        if (status is >= 200 and < 300)
        {
            return true;
        }

        if (status is < 400 or >= 500 or 401 or 403 or 408 or 429)
        {
            return false;
        }

        if (contentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var problem = JsonDocument.Parse(body.ToArray());
                if (problem.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    var name = code.GetString()!.Replace("_", "", StringComparison.Ordinal);
                    return Enum.TryParse<StatusCode>(name, ignoreCase: true, out var parsed) && IsDeterministic(parsed);
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The grpc-status of a gRPC response: from the trailers, the headers (trailers-only), or for
    /// gRPC-Web from the trailer frame at the end of the body. Null when it cannot be told.
    /// </summary>
    public static StatusCode? GrpcStatus(IHeaderDictionary headers, IHeaderDictionary? trailers, string? contentType, byte[] body)
    {
        var text = trailers?["grpc-status"].ToString() is { Length: > 0 } t ? t : headers["grpc-status"].ToString();
        if (text.Length == 0 && contentType?.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) == true)
        {
            text = GrpcWebTrailerStatus(contentType, body) ?? "";
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (StatusCode)code : null;
    }

    private static string? GrpcWebTrailerStatus(string contentType, byte[] body)
    {
        if (contentType.StartsWith("application/grpc-web-text", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                body = Convert.FromBase64String(Encoding.ASCII.GetString(body));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var offset = 0;
        while (offset + 5 <= body.Length)
        {
            var flags = body[offset];
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1, 4));
            if (offset + 5 + length > body.Length)
            {
                return null;
            }

            if ((flags & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(body, offset + 5, length).Split("\r\n"))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && line[..colon].Trim().Equals("grpc-status", StringComparison.OrdinalIgnoreCase))
                    {
                        return line[(colon + 1)..].Trim();
                    }
                }
            }

            offset += 5 + length;
        }

        return null;
    }
}
