using NgheAn.ServiceDefaults.Text;

namespace NgheAn.ServiceDefaults.Tests.Text;

public class TextFoldingTests
{
    [Theory]
    [InlineData("Nghệ An", "nghe an")]
    [InlineData("Làm theo lời Bác", "lam theo loi bac")]
    [InlineData("ĐẢNG CỘNG SẢN VIỆT NAM", "dang cong san viet nam")]
    [InlineData("Đảng ủy", "dang uy")]
    [InlineData("  Nghệ\t An \n  ", "nghe an")]
    [InlineData("Ban\u00A0Thường\u00A0vụ", "ban thuong vu")]
    [InlineData("Thủ tướng, Quỳnh Lưu; Hưng Nguyên", "thu tuong, quynh luu; hung nguyen")]
    [InlineData("11-QĐi/TW", "11-qdi/tw")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Folds_case_diacritics_and_whitespace(string? input, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(input));
    }

    [Fact]
    public void Composed_and_decomposed_text_fold_the_same()
    {
        const string text = "Kế hoạch thực hiện Chỉ thị số 05";

        Assert.Equal(TextFolding.Fold(text), TextFolding.Fold(text.Normalize(System.Text.NormalizationForm.FormD)));
    }

    [Theory]
    [InlineData("Tỉnh ủy Nghệ An", "Nghe An")]
    [InlineData("“Nghệ An làm theo lời Bác dặn”", "lam theo loi bac")]
    [InlineData("Nghệ An làm theo lời Bác dặn", "LÀM THEO")]
    [InlineData("Đảng ủy xã", "dang uy")]
    public void Search_matches_with_or_without_diacritics(string text, string query)
    {
        Assert.True(TextFolding.Matches(text, query));
    }

    [Fact]
    public void Search_does_not_match_other_words()
    {
        Assert.False(TextFolding.Matches("Hà Tĩnh", "Nghe An"));
    }
}
