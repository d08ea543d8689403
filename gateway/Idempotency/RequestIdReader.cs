using NgheAn.Contracts;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text.Json;
using Google.Protobuf;
using NgheAn.Gateway.ApiDescription;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// Finds a write's AIP-155 <c>request_id</c>, the body-borne alternative to the Idempotency-Key
/// header. gRPC: the field of that name in the request message, located through the method's
/// descriptor. JSON: the <c>requestId</c> (or <c>request_id</c>) query parameter — where the body is
/// a resource, transcoding takes the other fields from the query — else a top-level body field.
/// </summary>
public static class RequestIdReader
{
    public const string FieldName = "request_id";
    public const string JsonName = "requestId";

    // "/nghean.directives.v1.DirectivesService/CreateDocument" → request_id's field number.
    private static readonly Lazy<FrozenDictionary<string, int>> FieldNumbers = new(() => ContractDescriptors.Services
        .SelectMany(service => service.Methods)
        .Select(method => (Path: $"/{method.Service.FullName}/{method.Name}", Field: method.InputType.FindFieldByName(FieldName)))
        .Where(m => m.Field is { FieldType: Google.Protobuf.Reflection.FieldType.String, IsRepeated: false })
        .ToFrozenDictionary(m => m.Path, m => m.Field!.FieldNumber, StringComparer.Ordinal));

    /// <summary>False when the request cannot hold one (a gRPC method without the field), so its body need not be read.</summary>
    public static bool MayCarry(HttpRequest request) =>
        !GrpcRequests.IsGrpc(request) || FieldNumbers.Value.ContainsKey(request.Path.Value ?? "");

    /// <summary>The request's request_id, or null when it has none (or it cannot be read: a compressed gRPC message).</summary>
    public static string? Find(HttpRequest request, ReadOnlySpan<byte> body) =>
        GrpcRequests.IsGrpc(request) ? FromGrpc(request.Path.Value ?? "", request.ContentType ?? "", body) : FromJson(request.Query, body);

    public static string? FromGrpc(string path, string contentType, ReadOnlySpan<byte> body)
    {
        // gRPC-Web text is base64; the first frame of a unary call is the message: flag, length, bytes.
        if (!FieldNumbers.Value.TryGetValue(path, out var number) || contentType.Contains("-text", StringComparison.OrdinalIgnoreCase)
            || body.Length < 5 || body[0] != 0)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..5]);
        if (length > body.Length - 5)
        {
            return null;
        }

        string? found = null;
        var input = new CodedInputStream(body.Slice(5, (int)length).ToArray());
        try
        {
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    found = input.ReadString(); // proto3: the last occurrence wins
                }
                else
                {
                    input.SkipLastField();
                }
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return null; // the service will reject the malformed message itself
        }

        return string.IsNullOrEmpty(found) ? null : found;
    }

    public static string? FromJson(IQueryCollection query, ReadOnlySpan<byte> body)
    {
        foreach (var name in new[] { JsonName, FieldName })
        {
            if (query.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } fromQuery)
            {
                return fromQuery;
            }
        }

        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRequestId = reader.ValueTextEquals(JsonName) || reader.ValueTextEquals(FieldName);
                reader.Read();
                if (isRequestId && reader.TokenType == JsonTokenType.String)
                {
                    found = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return string.IsNullOrEmpty(found) ? null : found;
        }
        catch (JsonException)
        {
            return null; // the service will reject the malformed body itself
        }
    }
}
