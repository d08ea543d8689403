using System.Text;
using Grpc.Core;
using NgheAn.Gateway.Errors;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.Gateway.Tests;

public class ProblemDetailsMappingTests
{
    [Fact]
    public void A_transcoded_bad_request_becomes_problem_details_with_field_errors()
    {
        const string body = """
            {"code":3,"message":"document.symbol: bad; document.title: empty","details":[
              {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[
                {"field":"document.symbol","description":"bad"},
                {"field":"document.title","description":"empty"},
                {"field":"document.symbol","description":"also wrong"}]},
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"X","domain":"nghean.vn"}]}
            """;

        var problem = ProblemDetailsMapping.FromRpcStatusJson(400, Encoding.UTF8.GetBytes(body))!;

        Assert.Equal("https://nghean.vn/problems/invalid-argument", (string?)problem["type"]);
        Assert.Equal("Invalid argument", (string?)problem["title"]);
        Assert.Equal(400, (int?)problem["status"]);
        Assert.Equal("document.symbol: bad; document.title: empty", (string?)problem["detail"]);
        Assert.Equal("INVALID_ARGUMENT", (string?)problem["code"]);
        Assert.Equal(["bad", "also wrong"], problem["errors"]!["document.symbol"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["empty"], problem["errors"]!["document.title"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(2, problem["details"]!.AsArray().Count);
        Assert.Equal("X", (string?)problem["details"]![1]!["reason"]);
    }

    [Fact]
    public void A_status_without_field_violations_has_no_errors_member()
    {
        var problem = ProblemDetailsMapping.FromRpcStatusJson(404, """{"code":5,"message":"Document 'x' was not found.","details":[]}"""u8)!;

        Assert.Equal("NOT_FOUND", (string?)problem["code"]);
        Assert.Equal(404, (int?)problem["status"]);
        Assert.False(problem.ContainsKey("errors"));
    }

    [Theory]
    [InlineData("""{"title":"not a status"}""")]
    [InlineData("""{"code":"3"}""")]
    [InlineData("""{"code":99}""")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public void Bodies_that_are_not_a_google_rpc_status_are_left_alone(string body) =>
        Assert.Null(ProblemDetailsMapping.FromRpcStatusJson(400, Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    public void Code_names_are_those_of_google_rpc_Code(StatusCode code, string name) =>
        Assert.Equal(name, ProblemDetailsMapping.CodeName(code));

    [Fact]
    public void Grpc_messages_are_percent_encoded()
    {
        Assert.Equal("Rate limit 100%25 h%E1%BA%BFt", GrpcRequests.EncodeMessage("Rate limit 100% hết"));
    }
}
