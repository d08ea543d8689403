using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class VietnameseDateTests
{
    [Theory]
    [InlineData("2019-06-13")]
    [InlineData("13/6/2019")]
    [InlineData("13/06/2019")]
    [InlineData("Nghệ An, ngày 13 tháng 6 năm 2019")]
    [InlineData("Nghệ An, ngày 13 tháng 06 năm 2019")]
    [InlineData("ngày 13 tháng 06 năm 2019")]
    [InlineData("Ngày 13 tháng 6 năm 2019")]
    [InlineData("TP. Vinh,  ngày 13  tháng 6  năm 2019 ")]
    [InlineData("Nghe An, ngay 13 thang 6 nam 2019")]
    public void All_three_forms_parse(string input)
    {
        Assert.Equal(new DateOnly(2019, 6, 13), VietnameseDate.Parse(input).Value);
    }

    [Fact]
    public void Decomposed_input_parses()
    {
        var nfd = "Nghệ An, ngày 05 tháng 02 năm 2020".Normalize(System.Text.NormalizationForm.FormD);

        Assert.Equal(new DateOnly(2020, 2, 5), VietnameseDate.Parse(nfd).Value);
    }

    [Fact]
    public void Leap_day_is_accepted()
    {
        Assert.Equal(new DateOnly(2020, 2, 29), VietnameseDate.Parse("29/2/2020").Value);
    }

    [Theory]
    [InlineData("31/2/2020", "no day 31 in 02/2020 (it has 29 days): '31/2/2020'")]
    [InlineData("29/2/2019", "no day 29 in 02/2019 (it has 28 days): '29/2/2019'")]
    [InlineData("2019-06-31", "no day 31 in 06/2019 (it has 30 days): '2019-06-31'")]
    [InlineData("0/6/2019", "no day 0 in 06/2019 (it has 30 days): '0/6/2019'")]
    [InlineData("ngày 30 tháng 13 năm 2019", "month must be 1 to 12: '13' in 'ngày 30 tháng 13 năm 2019'")]
    [InlineData("13/0/2019", "month must be 1 to 12: '0' in '13/0/2019'")]
    [InlineData("0000-01-01", "year must be 1901 to 2100: '0' in '0000-01-01'")]
    [InlineData("9999-12-31", "year must be 1901 to 2100: '9999' in '9999-12-31'")]
    [InlineData("31/12/2101", "year must be 1901 to 2100: '2101' in '31/12/2101'")]
    public void Impossible_dates_are_rejected_with_the_reason(string input, string message)
    {
        var error = Assert.Single(VietnameseDate.Parse(input).Errors);

        Assert.Equal(new FieldError("issue_date", message), error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("13.6.2019")]
    [InlineData("2019-6-13")]
    [InlineData("13/6/19")]
    [InlineData("June 13, 2019")]
    [InlineData("Nghệ An, 13 tháng 6 năm 2019")]
    [InlineData("ngày 13 tháng sáu năm 2019")]
    public void Unknown_formats_say_what_is_expected(string? input)
    {
        var error = Assert.Single(VietnameseDate.Parse(input, "date").Errors);

        Assert.Equal("date", error.Field);
        Assert.StartsWith("expected 2019-06-13, 13/6/2019 or 'Nghệ An, ngày 13 tháng 6 năm 2019'; got '", error.Message);
    }

    [Fact]
    public void Formats_back()
    {
        var date = new DateOnly(2019, 6, 13);

        Assert.Equal("2019-06-13", VietnameseDate.ToIso(date));
        Assert.Equal("ngày 13 tháng 06 năm 2019", VietnameseDate.ToVietnamese(date));
        Assert.Equal(date, VietnameseDate.Parse(VietnameseDate.ToVietnamese(date)).Value);
    }
}
