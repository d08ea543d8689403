using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Tests.Errors;

/// <summary>No answer names an exception type, a database code or a column: details stay in the log.</summary>
public sealed class UnexpectedErrorInterceptorTests
{
    private static readonly UnexpectedErrorInterceptor Interceptor = new(NullLogger<UnexpectedErrorInterceptor>.Instance);

    private static async Task<RpcException> FailWith(Exception exception) =>
        await Assert.ThrowsAsync<RpcException>(() =>
            Interceptor.UnaryServerHandler<string, string>("request", new CallContext(), (_, _) => throw exception));

    [Fact]
    public async Task An_unexpected_exception_becomes_INTERNAL_with_the_correlation_id_and_nothing_else()
    {
        var error = await FailWith(new ArgumentOutOfRangeException("year", "Specified time is not supported in this calendar (column due_date)."));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("c0ffee", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("ArgumentOutOfRange", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("due_date", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PostgreSQL_data_error_becomes_INVALID_ARGUMENT_without_its_code()
    {
        var postgres = new Npgsql.PostgresException("value too long for type character varying(100)", "ERROR", "ERROR", "22001");

        var error = await FailWith(new InvalidOperationException("An error occurred while saving the entity changes.", postgres));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.DoesNotContain("22001", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("100", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_error_passes_unchanged()
    {
        var error = await FailWith(ApiErrors.InvalidArgument("task.title", "is required."));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("task.title: is required.", error.Status.Detail);
    }

    // The least a handler needs of its call: headers with a correlation id, no cancellation.
    private sealed class CallContext : ServerCallContext
    {
        protected override string MethodCore => "/nghean.test.v1.TestService/Fail";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = new() { { "x-correlation-id", "c0ffee" } };
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
