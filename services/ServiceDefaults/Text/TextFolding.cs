using System.Globalization;
using System.Text;

namespace NgheAn.ServiceDefaults.Text;

/// <summary>
/// Folds Vietnamese text for diacritics-insensitive search: "Nghe An" finds "Nghệ An".
/// </summary>
public static class TextFolding
{
    /// <summary>NFC, lower case, no diacritics, đ → d, whitespace collapsed to single spaces.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormC).ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = folded.Length > 0;
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            if (pendingSpace) folded.Append(' ');
            pendingSpace = false;
            // đ has no decomposition, so NFD leaves it alone; ð is its look-alike from legacy fonts.
            folded.Append(c is 'đ' or 'ð' ? 'd' : c);
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Lower-case ASCII letters and digits joined by single hyphens: "Phường Cửa Lò" → "phuong-cua-lo".</summary>
    public static string Slug(string? text)
    {
        var folded = Fold(text);
        var slug = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary>True when the folded text contains the folded query.</summary>
    public static bool Matches(string? text, string? query) =>
        Fold(text).Contains(Fold(query), StringComparison.Ordinal);
}
