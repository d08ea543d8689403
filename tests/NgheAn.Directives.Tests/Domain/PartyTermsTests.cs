using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class PartyTermsTests
{
    private static readonly PartyTerms Terms = PartyTerms.Default;

    [Theory]
    [InlineData(2016, 1, 26, "2011-2016")]
    [InlineData(2016, 1, 27, "2016-2021")]
    [InlineData(2021, 1, 30, "2016-2021")]
    [InlineData(2021, 1, 31, "2021-2026")]
    [InlineData(2026, 1, 22, "2021-2026")]
    [InlineData(2026, 1, 23, "2026-2031")]
    [InlineData(2030, 12, 31, "2026-2031")]
    public void Central_terms_change_on_the_first_plenum(int y, int m, int d, string label)
    {
        Assert.Equal(label, Terms.TermOf(IssuerLevel.Central, new DateOnly(y, m, d)));
    }

    [Theory]
    [InlineData(2015, 10, 14, "2015-2020")]
    [InlineData(2020, 10, 17, "2015-2020")]
    [InlineData(2020, 10, 18, "2020-2025")]
    [InlineData(2025, 10, 1, "2020-2025")]
    [InlineData(2025, 10, 2, "2025-2030")]
    public void Provincial_terms_of_Nghe_An(int y, int m, int d, string label)
    {
        Assert.Equal(label, Terms.TermOf(IssuerLevel.Provincial, new DateOnly(y, m, d)));
    }

    [Fact]
    public void Dates_before_the_first_known_term_or_levels_without_data_have_no_term()
    {
        Assert.Null(Terms.TermOf(IssuerLevel.Provincial, new DateOnly(2015, 10, 13)));
        Assert.Null(Terms.TermOf(IssuerLevel.Central, new DateOnly(2011, 1, 18)));
        Assert.Null(Terms.TermOf(IssuerLevel.Grassroots, new DateOnly(2021, 1, 1)));
    }

    [Fact]
    public void Find_returns_the_whole_row()
    {
        var term = Terms.Find(IssuerLevel.Provincial, new DateOnly(2019, 6, 13));

        Assert.NotNull(term);
        Assert.Equal("khóa XVIII", term.Name);
        Assert.Contains("11–14 Oct 2015", term.Source);
    }

    [Fact]
    public void Uniqueness_key_of_the_articles_documents()
    {
        var plan = DocumentSymbol.Parse("196-KH/TU").Value;
        var directive = DocumentSymbol.Parse("05-CT/TW").Value;

        Assert.Equal(new DocumentNumberKey("TU", "KH", "2015-2020", 196), Terms.KeyFor(plan, new DateOnly(2019, 6, 13)));
        Assert.Equal(new DocumentNumberKey("TW", "CT", "2016-2021", 5), Terms.KeyFor(directive, new DateOnly(2016, 5, 15)));
    }

    [Fact]
    public void Same_number_in_the_next_term_is_a_different_key()
    {
        var symbol = DocumentSymbol.Parse("01-KH/TU").Value;

        Assert.NotEqual(Terms.KeyFor(symbol, new DateOnly(2025, 10, 1)), Terms.KeyFor(symbol, new DateOnly(2025, 10, 2)));
    }

    [Fact]
    public void Joint_documents_take_the_level_of_the_first_issuer()
    {
        var data = DocumentReferenceData.Default;
        var provincialFirst = DocumentSymbol.Parse("05-QC/BTCTU-HU").Value;
        var districtFirst = DocumentSymbol.Parse("05-QC/HU-BTCTU").Value;
        var date = new DateOnly(2021, 3, 1);

        Assert.Equal("2020-2025", Terms.TermOf(provincialFirst, date, data));
        Assert.Null(Terms.TermOf(districtFirst, date, data));
        Assert.Equal(new DocumentNumberKey("BTCTU-HU", "QC", "2020-2025", 5), Terms.KeyFor(provincialFirst, date));
    }

    [Fact]
    public void Terms_can_be_extended_from_the_database()
    {
        var terms = Terms.Extend([new PartyTerm(IssuerLevel.Grassroots, "khóa I", "2025-2030", new DateOnly(2025, 7, 1), "test row")]);

        Assert.Equal("2025-2030", terms.TermOf(IssuerLevel.Grassroots, new DateOnly(2025, 7, 1)));
        Assert.Null(terms.TermOf(IssuerLevel.Grassroots, new DateOnly(2025, 6, 30)));
        Assert.Null(Terms.TermOf(IssuerLevel.Grassroots, new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void Two_terms_starting_the_same_day_at_one_level_are_rejected()
    {
        var start = new DateOnly(2020, 10, 18);

        Assert.Throws<ArgumentException>(() => Terms.Extend([new PartyTerm(IssuerLevel.Provincial, "x", "x", start, "x")]));
    }
}
