using System.Buffers.Text;
using System.Text;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Paging;

/// <summary>
/// Opaque keyset cursor for list calls (AIP-158): the last row's sort key, bound to the filter it
/// was issued for, so a token is only valid with the same query.
/// </summary>
public static class PageToken
{
    private const char Separator = '\n';

    public static string Encode(string filter, params string[] key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, [filter, .. key])));

    /// <summary>The sort key in the token, or null for the first page; INVALID_ARGUMENT for a foreign or damaged token.</summary>
    public static string[]? Decode(string? token, string filter, int keyParts)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(Separator);
            if (parts.Length == keyParts + 1 && parts[0] == filter)
            {
                return parts[1..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw ApiErrors.InvalidArgument("page_token", "is not a token returned by this list call with the same filters.");
    }

    /// <summary>page_size as AIP-158 reads it: 0 means the default, larger than the maximum means the maximum.</summary>
    public static int Size(int requested, int defaultSize, int maxSize) =>
        requested switch
        {
            < 0 => throw ApiErrors.InvalidArgument("page_size", "must not be negative."),
            0 => defaultSize,
            _ => Math.Min(requested, maxSize),
        };
}
