using Grpc.Core;
using Grpc.Core.Interceptors;
using Google.Protobuf;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Validation;

/// <summary>
/// Refuses a request that breaks its contract's input limits (<see cref="RequestValidator"/>) with
/// INVALID_ARGUMENT naming each field, before the handler runs and so before any database call.
/// gRPC and JSON alike: transcoding runs through the same interceptors, query parameters included.
/// </summary>
public sealed class ValidationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    private static void Check(object? request)
    {
        if (request is IMessage message && RequestValidator.Validate(message) is { Count: > 0 } violations)
        {
            throw ApiErrors.InvalidArgument(violations);
        }
    }
}
