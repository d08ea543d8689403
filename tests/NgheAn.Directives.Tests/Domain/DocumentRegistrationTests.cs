using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class DocumentRegistrationTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private const string Title = "Kế hoạch thực hiện Chỉ thị 05-CT/TW";

    private static ParseResult<RegisteredDocument> Validate(
        string? symbol = "196-KH/TU",
        string? title = Title,
        string? issueDate = "13/6/2019",
        string[]? implements = null,
        string fieldPrefix = "") =>
        DocumentRegistration.Validate(symbol, title, issueDate, implements ?? ["05-CT/TW"], Today, fieldPrefix: fieldPrefix);

    private static string[] Fields(ParseResult<RegisteredDocument> result) => result.Errors.Select(e => e.Field).ToArray();

    [Fact]
    public void Valid_input_derives_the_uniqueness_key()
    {
        var document = Validate().Value;

        // 13 June 2019 is in Nghệ An's XVIII provincial term (from 14 Oct 2015).
        Assert.Equal(new DocumentNumberKey("TU", "KH", "2015-2020", 196), document.Key);
        Assert.Equal("196-KH/TU", document.Symbol.ToString());
        Assert.Equal(Title, document.Title);
        Assert.Equal(new DateOnly(2019, 6, 13), document.IssueDate);
        Assert.Equal(["05-CT/TW"], document.Implements.Select(s => s.ToString()));
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_the_prefixed_field()
    {
        var result = Validate("KH/TU", " ", "13/13/2019", ["05-CT/TW", "not a symbol"], fieldPrefix: "document.");

        Assert.False(result.IsValid);
        Assert.Equal(
            ["document.symbol", "document.title", "document.issue_date", "document.implements[1]"],
            Fields(result));
    }

    [Fact]
    public void Future_issue_date_is_refused()
    {
        var result = Validate(issueDate: "28/11/2026");

        var error = Assert.Single(result.Errors);
        Assert.Equal("issue_date", error.Field);
        Assert.Contains("2026-11-28 is in the future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_date_of_today_is_accepted()
    {
        Assert.True(Validate(issueDate: "27/11/2026").IsValid);
    }

    [Fact]
    public void A_document_cannot_implement_itself()
    {
        var result = Validate(implements: ["05-CT/TW", "196-KH/TU"]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("implements[1]", error.Field);
        Assert.Contains("cannot implement itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_implements_are_collapsed()
    {
        // The en dash is how Word writes the same symbol; it must still count as a duplicate.
        var document = Validate(implements: ["05-CT/TW", "05-CT/TW", "05\u2013CT/TW"]).Value;

        Assert.Equal(["05-CT/TW"], document.Implements.Select(s => s.ToString()));
    }

    [Fact]
    public void Title_over_the_limit_is_refused()
    {
        Assert.True(Validate(title: new string('a', DocumentRegistration.MaxTitleLength)).IsValid);

        var result = Validate(title: new string('a', DocumentRegistration.MaxTitleLength + 1));

        Assert.Equal(["title"], Fields(result));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n ")]
    public void Missing_or_blank_title_is_refused(string? title)
    {
        var result = Validate(title: title);

        Assert.Equal(["title"], Fields(result));
    }

    [Fact]
    public void Title_is_trimmed_and_normalised_to_nfc()
    {
        // Decomposed input (e + circumflex + dot below), as some keyboards and PDFs produce it.
        var document = Validate(title: "  Nghe\u0302\u0323 An ").Value;

        Assert.Equal("Nghệ An", document.Title);
        Assert.Equal("Ngh\u1EC7 An", document.Title);
    }
}
