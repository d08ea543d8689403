using NgheAn.ServiceDefaults.Text;

namespace NgheAn.Emulation.Domain;

/// <summary>A nomination already made, for comparison.</summary>
public sealed record NominationTitle(string Id, string UnitId, string Title);

/// <summary>
/// Against formalism: flags likely duplicate nominations — the same unit and a similar title,
/// compared without diacritics or case ("Mô hình dân vận khéo" ~ "mo hinh DAN VAN kheo xã X") —
/// for the appraiser to look at. A flag, not a refusal: two real practices may share words.
/// </summary>
public static class DuplicateNominations
{
    /// <summary>Share of the shorter title's words that must appear in the other (word-set overlap).</summary>
    public const double Threshold = 0.8;

    public static IReadOnlyList<NominationTitle> LikelyDuplicates(string unitId, string title, IEnumerable<NominationTitle> existing)
    {
        var words = Words(title);
        return existing
            .Where(n => n.UnitId == unitId && Similarity(words, Words(n.Title)) >= Threshold)
            .ToList();
    }

    public static double Similarity(string a, string b) => Similarity(Words(a), Words(b));

    private static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / Math.Min(a.Count, b.Count);
    }

    private static HashSet<string> Words(string text) =>
        TextFolding.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1 || char.IsDigit(w[0])).ToHashSet(StringComparer.Ordinal);
}
