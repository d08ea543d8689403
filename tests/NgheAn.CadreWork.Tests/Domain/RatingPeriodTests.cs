using NgheAn.CadreWork.Domain;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class RatingPeriodTests
{
    [Theory]
    [InlineData("2025", 2025)]
    [InlineData(" 2025 ", 2025)]
    [InlineData("2025-Q1", 2025)]
    [InlineData("2025-Q4", 2025)]
    [InlineData("2020-2025", 2025)] // a term is rated in its last year
    [InlineData("2024-2025", 2025)]
    public void A_year_a_quarter_or_a_term_names_the_year_whose_rules_apply(string text, int year) =>
        Assert.Equal(year, RatingPeriod.Parse(text)!.Year);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("25")]
    [InlineData("2025-Q0")]
    [InlineData("2025-Q5")]
    [InlineData("2025-2025")] // a term ends after it starts
    [InlineData("2025-2020")]
    [InlineData("2015-2025")] // longer than a committee's five-year term
    [InlineData("١٢٣٤")] // digits, but not ASCII ones
    [InlineData("+202")]
    [InlineData("2025-12")]
    public void Anything_else_names_no_period(string? text) =>
        Assert.Null(RatingPeriod.Parse(text));
}
