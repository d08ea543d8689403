using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NgheAn.Gateway.Idempotency;
using NgheAn.Gateway.RateLimiting;
using StackExchange.Redis;

namespace NgheAn.Gateway.Tests;

/// <summary>Redis unreachable (nothing listens on port 1): rate limits fail open, idempotency keys are refused.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() =>
        _redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,connectRetry=0");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Rate_limits_fail_open()
    {
        var limiter = new RedisRateLimiter(_redis, Monitor(new RateLimitOptions { PermitLimit = 1 }), NullLogger<RedisRateLimiter>.Instance);

        Assert.True((await limiter.AcquireAsync("ip:10.0.0.1")).Allowed);
        Assert.True((await limiter.AcquireAsync("ip:10.0.0.1")).Allowed);
    }

    [Fact]
    public async Task A_json_write_with_an_idempotency_key_is_refused_with_503_and_not_forwarded()
    {
        var forwarded = false;
        var context = Request("application/json");

        await Middleware(() => forwarded = true).InvokeAsync(context);

        Assert.False(forwarded);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        Assert.Equal("UNAVAILABLE", JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_grpc_call_with_an_idempotency_key_gets_UNAVAILABLE()
    {
        var forwarded = false;
        var context = Request("application/grpc");

        await Middleware(() => forwarded = true).InvokeAsync(context);

        Assert.False(forwarded);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("14", context.Response.Headers["grpc-status"].ToString());
    }

    [Fact]
    public async Task Without_a_key_the_request_goes_on()
    {
        var forwarded = false;
        var context = Request("application/json");
        context.Request.Headers.Remove(IdempotencyOptions.HeaderName);

        await Middleware(() => forwarded = true).InvokeAsync(context);

        Assert.True(forwarded);
    }

    [Fact]
    public async Task A_grpc_read_with_an_idempotency_key_is_forwarded_without_asking_redis()
    {
        var forwarded = false;
        var context = Request("application/grpc");
        context.Request.Path = "/nghean.directives.v1.DirectivesService/GetDocument";

        await Middleware(() => forwarded = true).InvokeAsync(context);

        Assert.True(forwarded);
    }

    private IdempotencyMiddleware Middleware(Action onForward)
    {
        var options = Monitor(new IdempotencyOptions());
        return new IdempotencyMiddleware(_ => { onForward(); return Task.CompletedTask; }, new IdempotencyStore(_redis, new IdempotencyRecordProtector(IdempotencyRecordProtector.DevelopmentKey), options), options, NullLogger<IdempotencyMiddleware>.Instance);
    }

    private static DefaultHttpContext Request(string contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/documents";
        context.Request.ContentType = contentType;
        context.Request.Headers[IdempotencyOptions.HeaderName] = "key-1";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{}"));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static IOptionsMonitor<T> Monitor<T>(T value) where T : class => new FixedOptions<T>(value);
}
