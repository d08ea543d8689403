using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NgheAn.Contracts.Directives.V1;
using NgheAn.Gateway.Idempotency;

namespace NgheAn.Gateway.Tests;

public class RequestIdReaderTests
{
    private const string CreateDocument = "/nghean.directives.v1.DirectivesService/CreateDocument";

    [Fact]
    public void A_grpc_request_id_is_read_from_the_message_of_a_method_that_has_the_field()
    {
        var message = new CreateDocumentRequest { Document = new Document { Symbol = "1-CT/TU", Title = "Chỉ thị" }, RequestId = "r-1" };

        Assert.Equal("r-1", RequestIdReader.FromGrpc(CreateDocument, "application/grpc", Frame(message)));
        Assert.Null(RequestIdReader.FromGrpc(CreateDocument, "application/grpc", Frame(new CreateDocumentRequest { Document = new Document() })));
    }

    [Fact]
    public void A_grpc_message_it_cannot_read_has_no_request_id()
    {
        var framed = Frame(new CreateDocumentRequest { RequestId = "r-1" });
        var compressed = (byte[])framed.Clone();
        compressed[0] = 1;

        Assert.Null(RequestIdReader.FromGrpc(CreateDocument, "application/grpc", compressed));
        Assert.Null(RequestIdReader.FromGrpc(CreateDocument, "application/grpc-web-text", framed));
        Assert.Null(RequestIdReader.FromGrpc("/nghean.directives.v1.DirectivesService/GetDocument", "application/grpc", framed));
        Assert.Null(RequestIdReader.FromGrpc(CreateDocument, "application/grpc", framed[..^2])); // truncated
        Assert.Null(RequestIdReader.FromGrpc(CreateDocument, "application/grpc", [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]));
    }

    [Theory]
    [InlineData("?requestId=q-1", "{}", "q-1")]
    [InlineData("?request_id=q-2", "{}", "q-2")]
    [InlineData("", """{"title":"x","requestId":"b-1"}""", "b-1")]
    [InlineData("", """{"request_id":"b-2","nested":{"requestId":"no"}}""", "b-2")]
    [InlineData("", """{"document":{"requestId":"nested"},"list":[{"requestId":"no"}]}""", null)]
    [InlineData("", """{"requestId":42}""", null)]
    [InlineData("", """not json""", null)]
    [InlineData("", "", null)]
    [InlineData("?requestId=q-3", """{"requestId":"b-3"}""", "q-3")]
    public void A_json_request_id_comes_from_the_query_then_the_top_level_of_the_body(string query, string body, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        Assert.Equal(expected, RequestIdReader.FromJson(context.Request.Query, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Only_grpc_methods_with_the_field_need_their_body_read()
    {
        Assert.True(RequestIdReader.MayCarry(Request("application/grpc", CreateDocument)));
        Assert.False(RequestIdReader.MayCarry(Request("application/grpc", "/nghean.directives.v1.DirectivesService/GetDocument")));
        Assert.True(RequestIdReader.MayCarry(Request("application/json", "/v1/documents")));
    }

    private static HttpRequest Request(string contentType, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Path = path;
        return context.Request;
    }

    private static byte[] Frame(IMessage message)
    {
        var bytes = message.ToByteArray();
        var framed = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(framed, 5);
        return framed;
    }
}
