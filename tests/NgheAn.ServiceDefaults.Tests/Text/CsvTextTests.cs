using NgheAn.ServiceDefaults.Text;

namespace NgheAn.ServiceDefaults.Tests.Text;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData("196-KH/TU", "196-KH/TU")]
    [InlineData("Nghệ An, Vinh", "\"Nghệ An, Vinh\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("@cmd, x", "\"'@cmd, x\"")]
    [InlineData("", "")]
    public void Cells_are_quoted_per_RFC_4180_and_formulas_neutralised(string value, string cell) =>
        Assert.Equal(cell, CsvText.Cell(value));
}
