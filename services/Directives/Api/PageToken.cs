using System.Buffers.Text;
using System.Globalization;
using System.Text;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.Directives.Api;

/// <summary>
/// Opaque keyset cursor for list calls: the last row's sort key, bound to the filter it was issued
/// for (AIP-158: a token is only valid with the same query).
/// </summary>
internal sealed record PageToken(string Filter, DateOnly IssueDate, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Filter}\n{IssueDate:yyyy-MM-dd}\n{Id}"));

    public static PageToken? Decode(string token, string filter)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            if (parts.Length == 3
                && parts[0] == filter
                && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && Guid.TryParse(parts[2], out var id))
            {
                return new PageToken(filter, date, id);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw ApiErrors.InvalidArgument("page_token", "is not a token returned by this list call with the same filters.");
    }
}
