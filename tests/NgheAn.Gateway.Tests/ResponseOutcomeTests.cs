using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using NgheAn.Gateway.Idempotency;

namespace NgheAn.Gateway.Tests;

public class ResponseOutcomeTests
{
    [Theory]
    [InlineData(200, null, "", true)]
    [InlineData(201, null, "", true)]
    [InlineData(400, "application/problem+json", """{"code":"INVALID_ARGUMENT"}""", true)]
    [InlineData(409, "application/problem+json", """{"code":"ALREADY_EXISTS"}""", true)]
    [InlineData(409, "application/problem+json", """{"code":"ABORTED"}""", false)]
    [InlineData(401, "application/problem+json", """{"code":"UNAUTHENTICATED"}""", false)]
    [InlineData(429, "application/problem+json", """{"code":"RESOURCE_EXHAUSTED"}""", false)]
    [InlineData(502, null, "", false)]
    [InlineData(503, "application/problem+json", """{"code":"UNAVAILABLE"}""", false)]
    public void Only_deterministic_json_outcomes_are_kept(int status, string? contentType, string body, bool kept) =>
        Assert.Equal(kept, ResponseOutcome.IsReplayableHttp(status, contentType, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void The_grpc_status_comes_from_trailers_then_headers()
    {
        var headers = new HeaderDictionary { ["grpc-status"] = "5" };
        var trailers = new HeaderDictionary { ["grpc-status"] = "0" };

        Assert.Equal(StatusCode.OK, ResponseOutcome.GrpcStatus(headers, trailers, "application/grpc", []));
        Assert.Equal(StatusCode.NotFound, ResponseOutcome.GrpcStatus(headers, new HeaderDictionary(), "application/grpc", []));
        Assert.Null(ResponseOutcome.GrpcStatus(new HeaderDictionary(), null, "application/grpc", []));
    }

    [Fact]
    public void The_grpc_web_status_is_read_from_the_trailer_frame_of_the_body()
    {
        byte[] message = [0, 0, 0, 0, 2, 0x08, 0x01];
        var trailerText = Encoding.ASCII.GetBytes("grpc-status:6\r\ngrpc-message:exists\r\n");
        byte[] trailer = [0x80, 0, 0, 0, (byte)trailerText.Length, .. trailerText];
        byte[] body = [.. message, .. trailer];

        Assert.Equal(StatusCode.AlreadyExists, ResponseOutcome.GrpcStatus(new HeaderDictionary(), null, "application/grpc-web+proto", body));
        Assert.Equal(StatusCode.AlreadyExists, ResponseOutcome.GrpcStatus(new HeaderDictionary(), null, "application/grpc-web-text", Encoding.ASCII.GetBytes(Convert.ToBase64String(body))));
        Assert.Null(ResponseOutcome.GrpcStatus(new HeaderDictionary(), null, "application/grpc-web", message));
    }

    [Theory]
    [InlineData(StatusCode.OK, true)]
    [InlineData(StatusCode.InvalidArgument, true)]
    [InlineData(StatusCode.AlreadyExists, true)]
    [InlineData(StatusCode.Unavailable, false)]
    [InlineData(StatusCode.Internal, false)]
    [InlineData(StatusCode.Aborted, false)]
    [InlineData(StatusCode.DeadlineExceeded, false)]
    public void Only_deterministic_grpc_codes_are_kept(StatusCode code, bool kept) =>
        Assert.Equal(kept, ResponseOutcome.IsDeterministic(code));
}
