using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class DocumentReferenceDataTests
{
    [Theory]
    [InlineData("NQ")]
    [InlineData("CT")]
    [InlineData("KL")]
    [InlineData("QĐ")]
    [InlineData("QĐi")]
    [InlineData("QC")]
    [InlineData("HD")]
    [InlineData("KH")]
    [InlineData("CTr")]
    [InlineData("TB")]
    [InlineData("BC")]
    [InlineData("TTr")]
    [InlineData("TT")]
    [InlineData("CV")]
    public void Default_types_from_the_domain_are_present_with_a_legal_basis(string code)
    {
        var type = DocumentReferenceData.Default.FindType(code);

        Assert.NotNull(type);
        Assert.Equal("Hướng dẫn 36-HD/VPTW (2018)", type.LegalBasis);
        Assert.False(string.IsNullOrWhiteSpace(type.NameVi));
        Assert.False(string.IsNullOrWhiteSpace(type.NameEn));
    }

    [Theory]
    [InlineData("TW", IssuerLevel.Central)]
    [InlineData("TU", IssuerLevel.Provincial)]
    [InlineData("BTCTU", IssuerLevel.Provincial)]
    [InlineData("BTGDVTU", IssuerLevel.Provincial)]
    [InlineData("UBKTTU", IssuerLevel.Provincial)]
    [InlineData("VPTU", IssuerLevel.Provincial)]
    [InlineData("HU", IssuerLevel.District)]
    [InlineData("ThU", IssuerLevel.District)]
    [InlineData("ĐU", IssuerLevel.Grassroots)]
    public void Default_issuers_have_their_level(string code, IssuerLevel level)
    {
        Assert.Equal(level, DocumentReferenceData.Default.FindIssuer(code)?.Level);
    }

    [Theory]
    [InlineData("BTGTU")]
    [InlineData("BDVTU")]
    public void Merged_boards_point_to_their_successor(string code)
    {
        var issuer = DocumentReferenceData.Default.FindIssuer(code);

        Assert.Equal("BTGDVTU", issuer?.SuccessorCode);
        Assert.NotNull(issuer?.ValidTo);
    }

    [Fact]
    public void Lookups_are_case_sensitive()
    {
        Assert.Null(DocumentReferenceData.Default.FindType("Qđi"));
        Assert.Null(DocumentReferenceData.Default.FindIssuer("THU"));
    }

    [Fact]
    public void Extend_replaces_a_row_with_the_same_code()
    {
        var data = DocumentReferenceData.Default.Extend(issuers:
            [new Issuer("BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", IssuerLevel.Provincial, new DateOnly(2025, 3, 1))]);

        Assert.Equal(new DateOnly(2025, 3, 1), data.FindIssuer("BTGDVTU")?.ValidFrom);
        Assert.Equal(DocumentReferenceData.Default.Issuers.Count, data.Issuers.Count);
        Assert.Equal(new DateOnly(2025, 1, 1), DocumentReferenceData.Default.FindIssuer("BTGDVTU")?.ValidFrom);
    }

    [Theory]
    [InlineData("A-B")]
    [InlineData("A/B")]
    [InlineData("A B")]
    [InlineData("")]
    public void Codes_that_would_break_the_symbol_syntax_are_rejected(string code)
    {
        Assert.Throws<ArgumentException>(() => new DocumentReferenceData([], [new Issuer(code, "x", IssuerLevel.Provincial)]));
    }

    [Fact]
    public void Duplicate_codes_and_unknown_successors_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new DocumentReferenceData(
            [new DocumentType("KH", "Kế hoạch", "Plan", "x"), new DocumentType("KH", "Kế hoạch", "Plan", "x")], []));
        Assert.Throws<ArgumentException>(() => new DocumentReferenceData(
            [], [new Issuer("BTGTU", "Ban Tuyên giáo Tỉnh ủy", IssuerLevel.Provincial, SuccessorCode: "NOPE")]));
    }

    [Fact]
    public void Codes_are_stored_in_NFC()
    {
        var decomposedIssuerName = "Đảng ủy".Normalize(System.Text.NormalizationForm.FormD);
        var data = new DocumentReferenceData([new DocumentType("Đ\u0041", "x", "x", "x")], [new Issuer("ĐU", decomposedIssuerName, IssuerLevel.Grassroots)]);

        Assert.NotNull(data.FindType("ĐA"));
        Assert.NotNull(data.FindIssuer("ĐU"));
    }
}
