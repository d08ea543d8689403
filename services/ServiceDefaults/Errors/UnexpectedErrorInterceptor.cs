using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Npgsql;
using NgheAn.ServiceDefaults.Correlation;

namespace NgheAn.ServiceDefaults.Errors;

/// <summary>
/// The outermost interceptor: an exception that is not already an API error becomes INTERNAL with a
/// generic message; its details go to the log with the correlation id, never to the caller (no
/// exception type, database code or column in a response). A PostgreSQL data error (a value the
/// database refuses: NUL, too long, out of range) is the caller's input that the contract's limits
/// should have caught: INVALID_ARGUMENT, still without details.
/// </summary>
public sealed class UnexpectedErrorInterceptor(ILogger<UnexpectedErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException && !context.CancellationToken.IsCancellationRequested)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException && !context.CancellationToken.IsCancellationRequested)
        {
            throw Translate(ex, context);
        }
    }

    private RpcException Translate(Exception ex, ServerCallContext context)
    {
        var correlationId = context.RequestHeaders.GetValue(CorrelationIdMiddleware.HeaderName.ToLowerInvariant()) ?? "none";
        logger.LogError(ex, "{Method} failed (correlation id {CorrelationId}).", context.Method, correlationId);
        return DataErrorOf(ex) is not null
            ? new RpcException(new Status(StatusCode.InvalidArgument, "A value in the request cannot be stored."))
            : new RpcException(new Status(StatusCode.Internal, $"The request could not be completed; quote correlation id {correlationId} to the operators."));
    }

    // SQLSTATE class 22 ("data exception"): 22P05 NUL in text, 22001 too long, 22003 out of range, 22007/22008 bad dates.
    private static PostgresException? DataErrorOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: [ '2', '2', ..] } postgres)
            {
                return postgres;
            }
        }

        return null;
    }
}
