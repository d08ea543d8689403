using System.Globalization;

namespace NgheAn.CadreWork.Domain;

/// <summary>
/// What a rating covers: a year ("2025"), a quarter ("2025-Q4") or a committee term ("2020-2025",
/// rated in its last year). <see cref="Year"/> is the year whose rules and caps apply.
/// </summary>
public sealed record RatingPeriod(string Text, int Year)
{
    /// <summary>The longest term a rating covers: a party committee's term is five years.</summary>
    public const int MaxTermYears = 5;

    /// <summary>The period the text names, or null when it names none (the caller names the field).</summary>
    public static RatingPeriod? Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 4 && Year4(value) is { } year)
        {
            return new(value, year);
        }

        if (value.Length == 7 && value[4..6] == "-Q" && value[6] is >= '1' and <= '4' && Year4(value[..4]) is { } quarterYear)
        {
            return new(value, quarterYear);
        }

        if (value.Length == 9 && value[4] == '-' && Year4(value[..4]) is { } from && Year4(value[5..]) is { } to && to > from && to - from <= MaxTermYears)
        {
            return new(value, to);
        }

        return null;
    }

    private static int? Year4(string text) =>
        text.Length == 4 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var year and >= 1930 ? year : null;
}
