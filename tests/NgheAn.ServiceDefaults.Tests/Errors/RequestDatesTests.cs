using Google.Rpc;
using Grpc.Core;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Tests.Errors;

public sealed class RequestDatesTests
{
    [Fact]
    public void Dates_are_read_and_written_as_YYYY_MM_DD()
    {
        Assert.Equal(new DateOnly(2026, 11, 2), RequestDates.Required(" 2026-11-02 ", "decision_date"));
        Assert.Null(RequestDates.Optional("", "decision_date"));
        Assert.Equal("2026-11-02", RequestDates.Format(new DateOnly(2026, 11, 2)));
        Assert.Equal("", RequestDates.Format((DateOnly?)null));
    }

    [Theory]
    [InlineData("2/11/2026", "must be a date YYYY-MM-DD")]
    [InlineData("2026-02-30", "must be a date YYYY-MM-DD")]
    [InlineData("9999-12-31", "from 1901-01-01 to 2100-12-31")]
    [InlineData("0001-01-01", "from 1901-01-01 to 2100-12-31")]
    [InlineData("", "is required")]
    public void A_bad_or_missing_date_names_the_field(string text, string message)
    {
        var ex = Assert.Throws<RpcException>(() => RequestDates.Required(text, "discipline.decision_date"));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("discipline.decision_date", violation.Field);
        Assert.Contains(message, violation.Description, StringComparison.Ordinal);
    }
}
