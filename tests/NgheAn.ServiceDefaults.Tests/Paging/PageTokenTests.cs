using Google.Rpc;
using Grpc.Core;
using NgheAn.ServiceDefaults.Paging;

namespace NgheAn.ServiceDefaults.Tests.Paging;

public sealed class PageTokenTests
{
    private static void AssertInvalidArgument(RpcException ex, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void A_token_round_trips_its_key()
    {
        var token = PageToken.Encode("issuer=TU type=KH", "2025-07-01", "196-KH/TU");

        Assert.Equal(["2025-07-01", "196-KH/TU"], PageToken.Decode(token, "issuer=TU type=KH", 2)!);
    }

    [Fact]
    public void A_token_round_trips_vietnamese_text_and_an_empty_filter()
    {
        var token = PageToken.Encode("", "Đảng bộ phường Trường Vinh");

        Assert.Equal(["Đảng bộ phường Trường Vinh"], PageToken.Decode(token, "", 1)!);
    }

    [Fact]
    public void A_token_is_url_safe()
    {
        var token = PageToken.Encode("filter?>>>", "ÿÿÿ", "~~~");
        Assert.DoesNotContain(token, c => c is '+' or '/' or '=');
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_token_means_the_first_page(string? token)
    {
        Assert.Null(PageToken.Decode(token, "any", 1));
    }

    [Fact]
    public void A_token_issued_for_another_filter_is_refused()
    {
        var token = PageToken.Encode("unit=phuong-truong-vinh", "k");

        var ex = Assert.Throws<RpcException>(() => PageToken.Decode(token, "unit=phuong-vinh-hung", 1));

        AssertInvalidArgument(ex, "page_token");
    }

    [Fact]
    public void A_token_with_another_number_of_key_parts_is_refused()
    {
        var token = PageToken.Encode("f", "a", "b");

        AssertInvalidArgument(Assert.Throws<RpcException>(() => PageToken.Decode(token, "f", 1)), "page_token");
        AssertInvalidArgument(Assert.Throws<RpcException>(() => PageToken.Decode(token, "f", 3)), "page_token");
    }

    [Theory]
    [InlineData("!!!not a token!!!")]
    [InlineData("a")]
    [InlineData("ZmlsdGVy====")]
    public void A_damaged_token_is_refused(string token)
    {
        var ex = Assert.Throws<RpcException>(() => PageToken.Decode(token, "filter", 1));
        AssertInvalidArgument(ex, "page_token");
    }

    [Fact]
    public void A_truncated_token_is_refused()
    {
        var token = PageToken.Encode("filter", "key");
        var ex = Assert.Throws<RpcException>(() => PageToken.Decode(token[..^3], "filter", 1));
        AssertInvalidArgument(ex, "page_token");
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 1)]
    [InlineData(50, 50)]
    [InlineData(200, 200)]
    [InlineData(201, 200)]
    [InlineData(int.MaxValue, 200)]
    public void Size_reads_page_size_as_AIP_158_does(int requested, int expected)
    {
        Assert.Equal(expected, PageToken.Size(requested, defaultSize: 50, maxSize: 200));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_negative_size_is_refused(int requested)
    {
        var ex = Assert.Throws<RpcException>(() => PageToken.Size(requested, 50, 200));
        AssertInvalidArgument(ex, "page_size");
    }
}
