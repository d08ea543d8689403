using System.Buffers.Binary;
using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NgheAn.Contracts;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Validation;

/// <summary>
/// Grpc.AspNetCore reads the request message before any interceptor runs, and answers a payload that
/// does not parse (malformed protobuf, invalid UTF-8 in a string, a cut-off frame) with UNKNOWN and
/// the parser's exception. This reads a unary or server-streaming call's payload first and answers
/// such a payload with INVALID_ARGUMENT naming the message type; a good payload goes on unchanged.
/// </summary>
public sealed class GrpcPayloadCheckMiddleware(RequestDelegate next)
{
    private const int FrameHeaderLength = 5;

    // Grpc.AspNetCore's default largest request message; a larger one is refused as gRPC would.
    private const int MaxMessageLength = 4 * 1024 * 1024;

    // Every method of the platform's contracts by its gRPC path ("/package.Service/Method").
    private static readonly FrozenDictionary<string, MessageDescriptor> RequestTypes = ContractDescriptors.Services
        .SelectMany(s => s.Methods)
        .Where(m => !m.IsClientStreaming)
        .ToFrozenDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => m.InputType);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc
            && IsBinaryGrpc(context.Request.ContentType)
            && RequestTypes.TryGetValue(grpc.Method.FullName, out var requestType))
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var problem = body.Length > MaxMessageLength + FrameHeaderLength
                ? (StatusCode.ResourceExhausted, "The request message is larger than 4 MB.")
                : Check(body.GetBuffer().AsMemory(0, (int)body.Length), requestType);
            if (problem is { } refused)
            {
                await GrpcRequests.WriteStatusAsync(context, refused.Item1, refused.Item2);
                return;
            }

            body.Position = 0;
            context.Request.Body = body;
            // Grpc.AspNetCore reads through the pipe feature; over HTTP/1.1 (gRPC-Web) Kestrel's own
            // would still read the consumed socket stream, so the pipe now reads the copy.
            context.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(context));
            await next(context);
            return;
        }

        await next(context);
    }

    private static (StatusCode, string)? Check(ReadOnlyMemory<byte> payload, MessageDescriptor requestType)
    {
        var malformed = (StatusCode.InvalidArgument, $"The request is not a well-formed {requestType.FullName} message.");
        var span = payload.Span;
        if (span.Length < FrameHeaderLength)
        {
            return malformed;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
        if (length != span.Length - FrameHeaderLength)
        {
            return malformed; // a cut-off frame or more than one message for a unary call
        }

        if (span[0] != 0)
        {
            return null; // compressed: Grpc.AspNetCore decompresses and parses it
        }

        try
        {
            requestType.Parser.ParseFrom(span[FrameHeaderLength..]);
            return null;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException)
        {
            return malformed;
        }
    }

    // application/grpc[+proto] and application/grpc-web[+proto]; grpc-web-text is base64 that UseGrpcWeb decodes as gRPC reads it.
    private static bool IsBinaryGrpc(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/grpc-web-text", StringComparison.OrdinalIgnoreCase));
}

public static class GrpcPayloadCheckExtensions
{
    /// <summary>After authentication (a refused caller learns nothing about payloads), before the gRPC endpoints.</summary>
    public static IApplicationBuilder UseGrpcPayloadCheck(this IApplicationBuilder app) =>
        app.UseMiddleware<GrpcPayloadCheckMiddleware>();
}
