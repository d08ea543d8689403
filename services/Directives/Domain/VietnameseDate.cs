using System.Globalization;
using System.Text.RegularExpressions;
using NgheAn.ServiceDefaults.Text;
using NgheAn.ServiceDefaults.Validation;

namespace NgheAn.Directives.Domain;

/// <summary>
/// Issue dates as written in and about Party documents: <c>2019-06-13</c>, <c>13/6/2019</c>,
/// <c>Nghệ An, ngày 13 tháng 6 năm 2019</c> (place optional; diacritics optional).
/// </summary>
public static partial class VietnameseDate
{
    public const string DefaultField = "issue_date";

    private const string Expected = "expected 2019-06-13, 13/6/2019 or 'Nghệ An, ngày 13 tháng 6 năm 2019'";

    public static ParseResult<DateOnly> Parse(string? input, string field = DefaultField)
    {
        var text = (input ?? "").Trim().Normalize();
        var match = IsoPattern().Match(text);
        if (!match.Success) match = SlashPattern().Match(text);
        // The long form is matched on folded text so "ngay 13 thang 6 nam 2019" and NFD input pass too.
        if (!match.Success) match = LongPattern().Match(TextFolding.Fold(text));
        if (!match.Success)
            return ParseResult<DateOnly>.Fail(field, $"{Expected}; got '{text}'");

        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);

        // The platform's range (the years the holiday calendar covers).
        if (year < InputLimits.FirstDate.Year || year > InputLimits.LastDate.Year)
            return ParseResult<DateOnly>.Fail(field, $"year must be {InputLimits.FirstDate.Year} to {InputLimits.LastDate.Year}: '{year}' in '{text}'");
        if (month is < 1 or > 12)
            return ParseResult<DateOnly>.Fail(field, $"month must be 1 to 12: '{month}' in '{text}'");
        var daysInMonth = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > daysInMonth)
            return ParseResult<DateOnly>.Fail(field,
                $"no day {day} in {month:00}/{year} (it has {daysInMonth} days): '{text}'");
        return ParseResult<DateOnly>.Ok(new DateOnly(year, month, day));
    }

    public static string ToIso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The long form without place, as in a document's header: "ngày 13 tháng 6 năm 2019".</summary>
    public static string ToVietnamese(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"ngày {date.Day:00} tháng {date.Month:00} năm {date.Year}");

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex SlashPattern();

    [GeneratedRegex(@"^(?:[^,]*,\s*)?ngay (?<d>\d{1,2}) thang (?<m>\d{1,2}) nam (?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex LongPattern();
}
