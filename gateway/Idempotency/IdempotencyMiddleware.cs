using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using NgheAn.Gateway.Callers;
using NgheAn.Gateway.Errors;
using NgheAn.ServiceDefaults.Errors;
using StackExchange.Redis;
using Yarp.ReverseProxy.Forwarder;

namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// A write (POST, PUT, PATCH, DELETE over JSON; over gRPC a method whose google.api.http rule is not
/// a GET, see <see cref="GrpcReadMethods"/>) carrying an Idempotency-Key header, or else a request_id
/// in the request (<see cref="RequestIdReader"/>), is done once per caller and key — the caller being
/// the whole caller, subject, roles and unit (<see cref="CallerId.WithRolesAndUnit(HttpContext)"/>), so
/// no one is replayed an answer given to other roles. A retry within the retention gets the first
/// response again (status, headers, body and, for gRPC, the trailers) from Redis, whichever replica it
/// reaches; records are encrypted there (<see cref="IdempotencyRecordProtector"/>). The response is
/// held back until its record is stored, so a retry sent the moment it arrives is replayed.
/// <list type="bullet">
/// <item>same key, different request (method, path or body) → 422 / INVALID_ARGUMENT;</item>
/// <item>same key while the first is still in flight → 409 / ABORTED (retry later);</item>
/// <item>Redis unreachable, or a record that cannot be opened → 503 / UNAVAILABLE: refusing is safer than a possible second effect.</item>
/// </list>
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, IOptionsMonitor<IdempotencyOptions> options, ILogger<IdempotencyMiddleware> logger)
{
    // Transport and per-response headers: never replayed.
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date", "Server",
        "X-Correlation-Id", "traceresponse", IdempotencyOptions.ReplayedHeaderName,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsWrite(context.Request))
        {
            await next(context);
            return;
        }

        // The header, else the AIP-155 request_id in the request itself; both name the same record.
        var header = context.Request.Headers[IdempotencyOptions.HeaderName].ToString();
        if (header.Length == 0 && !RequestIdReader.MayCarry(context.Request))
        {
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(context.Request);
        var (key, source) = header.Length > 0
            ? (header, IdempotencyOptions.HeaderName)
            : (RequestIdReader.Find(context.Request, body), RequestIdReader.FieldName);
        if (key is null)
        {
            await next(context);
            return;
        }

        if (key.Length > 255 || key.Any(c => c is < '!' or > '~'))
        {
            await GatewayErrors.WriteAsync(context, StatusCode.InvalidArgument, StatusCodes.Status400BadRequest,
                $"{source} must be 1 to 255 printable ASCII characters without spaces.");
            return;
        }

        var redisKey = IdempotencyRecord.RedisKey(CallerId.WithRolesAndUnit(context), key);
        var fingerprint = Fingerprint(context.Request, body);
        IdempotencyRecord? existing = null;
        var reachable = store.IsConnected;
        Exception? failure = null;
        if (reachable)
        {
            try
            {
                existing = await store.ClaimAsync(redisKey, fingerprint);
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                (reachable, failure) = (false, error);
            }
            catch (CryptographicException error)
            {
                // Another encryption key (replicas disagree, or it was changed) or a record tampered with.
                logger.LogError(error, "An idempotency record in Redis cannot be opened with this gateway's Idempotency:EncryptionKey");
                reachable = false;
            }
        }

        if (!reachable)
        {
            if (failure is not null)
            {
                logger.LogWarning(failure, "Redis is unreachable: refusing a request with an Idempotency-Key rather than risking a second effect");
            }

            await GatewayErrors.WriteAsync(context, StatusCode.Unavailable, StatusCodes.Status503ServiceUnavailable,
                "Idempotency keys cannot be checked right now; retry later with the same key.", TimeSpan.FromSeconds(1));
            return;
        }

        if (existing is not null)
        {
            await AnswerFromRecordAsync(context, existing, fingerprint, source);
            return;
        }

        await ForwardAndKeepAsync(context, redisKey, fingerprint);
    }

    private static bool IsWrite(HttpRequest request) => GrpcRequests.IsGrpc(request)
        ? !GrpcReadMethods.IsRead(request.Path.Value ?? "")
        : HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);

    // Writes are small (documents and attachments go by reference); the body is read once here and
    // left rewound for the proxy.
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return copy.ToArray();
    }

    private static string Fingerprint(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task AnswerFromRecordAsync(HttpContext context, IdempotencyRecord record, string fingerprint, string source)
    {
        if (record.Fingerprint != fingerprint)
        {
            await GatewayErrors.WriteAsync(context, StatusCode.InvalidArgument, StatusCodes.Status422UnprocessableEntity,
                $"This {source} was already used for a different request (method, path or body); use a new one for a new request.");
            return;
        }

        if (!record.IsDone)
        {
            await GatewayErrors.WriteAsync(context, StatusCode.Aborted, StatusCodes.Status409Conflict,
                $"A request with this {source} is still in progress; retry later with the same {source}.", TimeSpan.FromSeconds(1));
            return;
        }

        var response = context.Response;
        response.StatusCode = record.Status;
        foreach (var (name, values) in record.Headers)
        {
            response.Headers[name] = values;
        }

        response.Headers[IdempotencyOptions.ReplayedHeaderName] = "true";
        if (!GrpcRequests.IsGrpc(context.Request))
        {
            response.ContentLength = record.Body.Length;
        }

        await response.Body.WriteAsync(record.Body, context.RequestAborted);
        if (record.Trailers.Count > 0 && response.SupportsTrailers())
        {
            foreach (var (name, values) in record.Trailers)
            {
                response.AppendTrailer(name, values);
            }
        }
    }

    private async Task ForwardAndKeepAsync(HttpContext context, string redisKey, string fingerprint)
    {
        var response = context.Response;
        var original = response.Body;
        var buffer = new BufferingStream(original, options.CurrentValue.MaxResponseBytes);
        response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await ReleaseQuietlyAsync(redisKey);
            throw;
        }
        finally
        {
            response.Body = original;
        }

        // A forwarding failure: what was held back is not the answer (the gateway answers the error itself).
        var forwarded = context.Features.Get<IForwarderErrorFeature>() is null;
        var body = buffer.Overflowed ? [] : buffer.Buffered;
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var replayable = forwarded && !buffer.Overflowed && !context.RequestAborted.IsCancellationRequested && (GrpcRequests.IsGrpc(context.Request)
            ? ResponseOutcome.GrpcStatus(response.Headers, trailers, response.ContentType, body) is { } code && ResponseOutcome.IsDeterministic(code)
            : ResponseOutcome.IsReplayableHttp(response.StatusCode, response.ContentType, body));
        try
        {
            if (replayable)
            {
                await store.CompleteAsync(redisKey, new IdempotencyRecord
                {
                    State = IdempotencyRecord.Done,
                    Fingerprint = fingerprint,
                    Status = response.StatusCode,
                    Headers = Keep(response.Headers),
                    Trailers = trailers is null ? [] : Keep(trailers),
                    Body = body,
                });
            }
            else
            {
                await store.ReleaseAsync(redisKey);
            }
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            // The effect happened; until the in-flight claim expires, retries get 409 rather than a second effect.
            logger.LogError(error, "Could not store the response for an Idempotency-Key in Redis");
        }

        // Only now, with the record stored, does the client see the answer.
        if (forwarded)
        {
            await buffer.SendAsync(context.RequestAborted);
        }
    }

    private async Task ReleaseQuietlyAsync(string redisKey)
    {
        try
        {
            await store.ReleaseAsync(redisKey);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            logger.LogWarning(error, "Could not release an Idempotency-Key after a failed request");
        }
    }

    private static Dictionary<string, string[]> Keep(IHeaderDictionary headers) =>
        headers.Where(h => !NotKept.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value.OfType<string>().ToArray(), StringComparer.OrdinalIgnoreCase);
}
