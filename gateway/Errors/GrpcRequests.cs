namespace NgheAn.Gateway.Errors;

public static class GrpcRequests
{
    /// <summary>gRPC and gRPC-Web (application/grpc, application/grpc+proto, application/grpc-web-text…).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

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
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
