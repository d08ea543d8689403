using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class DocumentSymbolTests
{
    [Theory]
    [InlineData("196-KH/TU", 196, "KH", "TU")]
    [InlineData("05-CT/TW", 5, "CT", "TW")]
    [InlineData("11-QĐi/TW", 11, "QĐi", "TW")]
    [InlineData("13-CT/TU", 13, "CT", "TU")]
    [InlineData("05-QC/BTCTU-BDVTU", 5, "QC", "BTCTU-BDVTU")]
    [InlineData("01-CTr/ThU", 1, "CTr", "ThU")]
    [InlineData("12-TTr/ĐU", 12, "TTr", "ĐU")]
    public void Valid_symbols_round_trip(string input, int number, string type, string issuerKey)
    {
        var symbol = DocumentSymbol.Parse(input).Value;

        Assert.Equal(number, symbol.Number);
        Assert.Equal(type, symbol.TypeCode);
        Assert.Equal(issuerKey, symbol.IssuerKey);
        Assert.Equal(input, symbol.ToString());
        Assert.Equal(symbol, DocumentSymbol.Parse(symbol.ToString()).Value);
    }

    [Fact]
    public void Joint_issuers_keep_the_written_order()
    {
        var symbol = DocumentSymbol.Parse("05-QC/BTCTU-BDVTU").Value;

        Assert.Equal(["BTCTU", "BDVTU"], symbol.IssuerCodes);
        Assert.Equal("05", symbol.NumberText);
        Assert.NotEqual(symbol, DocumentSymbol.Parse("05-QC/BDVTU-BTCTU").Value);
    }

    [Fact]
    public void Input_is_trimmed_and_dashes_from_word_processors_are_accepted()
    {
        Assert.Equal("196-KH/TU", DocumentSymbol.Parse("  196\u2013KH/TU\t").Value.ToString());
    }

    [Theory]
    [InlineData("01", 1)]
    [InlineData("09", 9)]
    [InlineData("10", 10)]
    [InlineData("99", 99)]
    [InlineData("100", 100)]
    public void Numbers_are_two_digits_at_least(string number, int expected)
    {
        var symbol = DocumentSymbol.Parse($"{number}-CT/TU").Value;

        Assert.Equal(expected, symbol.Number);
        Assert.Equal(number, symbol.NumberText);
    }

    [Theory]
    [InlineData("5", "number must be zero-padded to two digits: '5' (write '05')")]
    [InlineData("005", "number has too many leading zeros: '005' (write '05')")]
    [InlineData("010", "number has too many leading zeros: '010' (write '10')")]
    [InlineData("0", "number must be 01 or greater: '0'")]
    [InlineData("00", "number must be 01 or greater: '00'")]
    [InlineData("5a", "number must be digits: '5a'")]
    [InlineData("٠٥", "number must be digits: '٠٥'")]
    [InlineData("99999999999", "number is too large: '99999999999'")]
    public void Invalid_numbers_name_the_field_and_the_number(string number, string message)
    {
        var error = Assert.Single(DocumentSymbol.Parse($"{number}-CT/TW").Errors);

        Assert.Equal(DocumentSymbol.NumberField, error.Field);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("196KH/TU")]
    [InlineData("196-KH")]
    [InlineData("196-KH/")]
    [InlineData("-KH/TU")]
    [InlineData("196-/TU")]
    [InlineData("196-KH/TU-")]
    [InlineData("196-KH/BTCTU--BDVTU")]
    [InlineData("196-KH-X/TU")]
    [InlineData("196-KH/TU/TW")]
    [InlineData("196 - KH/TU")]
    [InlineData("KH/TU-196")]
    public void Structural_errors_are_reported_on_the_symbol_field(string? input)
    {
        var result = DocumentSymbol.Parse(input);

        var error = Assert.Single(result.Errors);
        Assert.False(result.IsValid);
        Assert.Equal("symbol", error.Field);
        Assert.StartsWith("symbol: expected {number}-{TYPE}/{ISSUER}, e.g. 196-KH/TU; got '", error.ToString());
        Assert.EndsWith($"'{(input ?? "").Trim()}'", error.Message);
    }

    [Fact]
    public void Unknown_type_is_named()
    {
        var error = Assert.Single(DocumentSymbol.Parse("01-XX/TU").Errors);

        Assert.Equal(new FieldError("type", "unknown document type 'XX'"), error);
    }

    [Theory]
    [InlineData("05-ct/TW", "unknown document type 'ct' (did you mean 'CT'?)")]
    [InlineData("11-QDi/TW", "unknown document type 'QDi' (did you mean 'QĐi'?)")]
    [InlineData("11-QĐI/TW", "unknown document type 'QĐI' (did you mean 'QĐi'?)")]
    [InlineData("01-CTR/TU", "unknown document type 'CTR' (did you mean 'CTr'?)")]
    public void Type_codes_are_case_sensitive_with_a_hint(string input, string message)
    {
        var error = Assert.Single(DocumentSymbol.Parse(input).Errors);

        Assert.Equal("type", error.Field);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("01-KH/ABC", "unknown issuer 'ABC'")]
    [InlineData("01-KH/tu", "unknown issuer 'tu' (did you mean 'TU'?)")]
    [InlineData("01-KH/THU", "unknown issuer 'THU' (did you mean 'ThU'?)")]
    [InlineData("01-KH/DU", "unknown issuer 'DU' (did you mean 'ĐU'?)")]
    [InlineData("05-QC/BTCTU-ABC", "unknown issuer 'ABC'")]
    [InlineData("05-QC/BTCTU-BTCTU", "issuer 'BTCTU' is listed more than once")]
    public void Issuer_errors_are_named(string input, string message)
    {
        var error = Assert.Single(DocumentSymbol.Parse(input).Errors);

        Assert.Equal("issuer", error.Field);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void All_part_errors_are_reported_together()
    {
        var errors = DocumentSymbol.Parse("5-XX/ABC-TU-DEF").Errors;

        Assert.Equal(
        [
            new FieldError("number", "number must be zero-padded to two digits: '5' (write '05')"),
            new FieldError("type", "unknown document type 'XX'"),
            new FieldError("issuer", "unknown issuer 'ABC'"),
            new FieldError("issuer", "unknown issuer 'DEF'"),
        ], errors);
    }

    [Theory]
    [InlineData("11-Q\u0110i/TW")]         // precomposed Đ, as it should be written
    [InlineData("11-QD\u0335i/TW")]        // D + combining short stroke overlay
    [InlineData("11-QD\u0336i/TW")]        // D + combining long stroke overlay
    [InlineData("11-Q\u00D0i/TW")]         // Icelandic Eth, a look-alike from legacy fonts
    [InlineData("11-Q\u0189i/TW")]         // African D, another look-alike
    public void Vietnamese_D_with_stroke_is_canonicalised(string input)
    {
        var symbol = DocumentSymbol.Parse(input).Value;

        Assert.Equal("Q\u0110i", symbol.TypeCode);
        Assert.Equal("11-Q\u0110i/TW", symbol.ToString());
    }

    [Fact]
    public void Decomposed_and_composed_input_parse_alike()
    {
        // Đ has no canonical decomposition, so NFD leaves it; NFC normalisation makes the rest equal.
        var nfd = "12-TTr/\u0110U".Normalize(System.Text.NormalizationForm.FormD);

        Assert.Equal(DocumentSymbol.Parse("12-TTr/\u0110U").Value, DocumentSymbol.Parse(nfd).Value);
        Assert.Equal("ĐU", DocumentSymbol.Parse("12-TTr/D\u0335U").Value.IssuerKey);
    }

    [Fact]
    public void Create_formats_the_number()
    {
        Assert.Equal("07-KH/TU", DocumentSymbol.Create(7, "KH", ["TU"]).Value.ToString());
        Assert.Equal("05-QC/BTCTU-BDVTU", DocumentSymbol.Create(5, "QC", ["BTCTU", "BDVTU"]).Value.ToString());
        Assert.Equal("number", Assert.Single(DocumentSymbol.Create(0, "KH", ["TU"]).Errors).Field);
        Assert.Equal("type", Assert.Single(DocumentSymbol.Create(1, "XX", ["TU"]).Errors).Field);
    }

    [Fact]
    public void Value_of_an_invalid_result_throws_with_the_errors()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DocumentSymbol.Parse("5-CT/TW").Value);

        Assert.Contains("number: number must be zero-padded to two digits: '5'", ex.Message);
    }

    [Fact]
    public void QDi_is_valid_only_in_2018_and_2019()
    {
        var symbol = DocumentSymbol.Parse("11-QĐi/TW").Value;

        Assert.Empty(symbol.ValidateOn(new DateOnly(2019, 2, 18)));
        var error = Assert.Single(symbol.ValidateOn(new DateOnly(2021, 3, 1)));
        Assert.Equal("type", error.Field);
        Assert.Equal("document type 'QĐi' was not in use on 2021-03-01 (in use 2018-04-03 to 2019-12-31)", error.Message);
        Assert.Single(symbol.ValidateOn(new DateOnly(2018, 4, 2)));
    }

    [Fact]
    public void Renamed_and_abolished_issuers_are_flagged_by_date()
    {
        var joint = DocumentSymbol.Parse("03-HD/BTGTU-HU").Value;

        Assert.Empty(joint.ValidateOn(new DateOnly(2024, 5, 1)));
        var errors = joint.ValidateOn(new DateOnly(2026, 3, 1));
        Assert.Equal(
        [
            new FieldError("issuer", "issuer 'BTGTU' was not in use on 2026-03-01 (in use … to 2025-12-31; succeeded by 'BTGDVTU')"),
            new FieldError("issuer", "issuer 'HU' was not in use on 2026-03-01 (in use … to 2025-06-30)"),
        ], errors);
        Assert.Single(joint.ValidateOn(new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void Extra_reference_rows_are_recognised()
    {
        var data = DocumentReferenceData.Default.Extend(
            [new DocumentType("ĐA", "Đề án", "Scheme", "Hướng dẫn 36-HD/VPTW (2018)")],
            [new Issuer("BNCTU", "Ban Nội chính Tỉnh ủy", IssuerLevel.Provincial)]);

        Assert.Equal("32-ĐA/BNCTU", DocumentSymbol.Parse("32-ĐA/BNCTU", data).Value.ToString());
        Assert.False(DocumentSymbol.Parse("32-ĐA/BNCTU").IsValid);
    }
}
