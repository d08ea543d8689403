using System.Globalization;
using NgheAn.ServiceDefaults.Validation;

namespace NgheAn.ServiceDefaults.Errors;

/// <summary>Dates in requests and responses: YYYY-MM-DD, errors naming the field.</summary>
public static class RequestDates
{
    public static DateOnly? Optional(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
               && InputLimits.IsInDateRange(date)
            ? date
            : throw ApiErrors.InvalidArgument(field,
                $"must be a date YYYY-MM-DD from {Format(InputLimits.FirstDate)} to {Format(InputLimits.LastDate)}, got '{text}'.");
    }

    public static DateOnly Required(string? text, string field) =>
        Optional(text, field) ?? throw ApiErrors.InvalidArgument(field, "is required (YYYY-MM-DD).");

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(DateOnly? date) => date is { } d ? Format(d) : "";
}
