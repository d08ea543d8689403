using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NgheAn.Gateway.Callers;
using NgheAn.Gateway.Idempotency;
using StackExchange.Redis;

namespace NgheAn.Gateway.Tests;

/// <summary>
/// Against the test Redis (ConnectionStrings__redis, set by scripts/test.sh): the record is complete
/// before the client sees the first byte of the answer, so a retry sent the moment it arrives is replayed.
/// </summary>
public sealed class IdempotencyOrderTests : IAsyncLifetime
{
    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(
        Environment.GetEnvironmentVariable("ConnectionStrings__redis")
        ?? throw new InvalidOperationException("ConnectionStrings__redis is not set. Run the tests with scripts/test.sh, which starts the servers and sets it."));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task The_record_is_done_in_redis_before_the_first_byte_reaches_the_client()
    {
        var protector = new IdempotencyRecordProtector(IdempotencyRecordProtector.DevelopmentKey);
        var options = new FixedOptions(new IdempotencyOptions());
        var store = new IdempotencyStore(_redis, protector, options);
        var middleware = new IdempotencyMiddleware(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync("""{"id":"d-1"}"""u8.ToArray());
            await context.Response.Body.FlushAsync(); // as YARP does for an HTTP/2 upstream: must not reach the client yet
        }, store, options, NullLogger<IdempotencyMiddleware>.Instance);

        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/documents";
        context.Request.ContentType = "application/json";
        context.Request.Headers[IdempotencyOptions.HeaderName] = Guid.NewGuid().ToString();
        context.Request.Body = new MemoryStream("{}"u8.ToArray());
        var redisKey = IdempotencyRecord.RedisKey(CallerId.WithRolesAndUnit(context), context.Request.Headers[IdempotencyOptions.HeaderName].ToString());
        var client = new ClientStream(async () =>
        {
            var stored = await _redis.GetDatabase().StringGetAsync(redisKey);
            return stored.IsNull ? "missing" : protector.Open((byte[])stored!, redisKey).State;
        });
        context.Response.Body = client;

        await middleware.InvokeAsync(context);

        Assert.Equal(IdempotencyRecord.Done, client.StateAtFirstByte);
        Assert.Equal("""{"id":"d-1"}""", Encoding.UTF8.GetString(client.Received.ToArray()));
        await _redis.GetDatabase().KeyDeleteAsync(redisKey);
    }

    /// <summary>The client's side of the connection: notes the record's state when the first byte arrives.</summary>
    private sealed class ClientStream(Func<Task<string>> recordState) : MemoryStream
    {
        public string? StateAtFirstByte { get; private set; }

        public MemoryStream Received { get; } = new();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            StateAtFirstByte ??= await recordState();
            Received.Write(buffer.Span);
        }

        public override async Task FlushAsync(CancellationToken cancellationToken) => StateAtFirstByte ??= await recordState();
    }

    private sealed class FixedOptions(IdempotencyOptions value) : IOptionsMonitor<IdempotencyOptions>
    {
        public IdempotencyOptions CurrentValue => value;

        public IdempotencyOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<IdempotencyOptions, string?> listener) => null;
    }
}
