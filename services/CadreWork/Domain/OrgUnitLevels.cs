namespace NgheAn.CadreWork.Domain;

/// <summary>
/// The levels of the Party's organisation, top down. Districts were abolished on 1 July 2025
/// (Kết luận 137-KL/TW, Nghị quyết 60-NQ/TW): communes now sit directly under the province, and a
/// district can no longer be created for a date after that.
/// </summary>
public static class OrgUnitLevels
{
    public const string Central = "Central";
    public const string Province = "Province";
    public const string District = "District";
    public const string Commune = "Commune";
    public const string Grassroots = "Grassroots";
    public const string Cell = "Cell";

    public static readonly DateOnly DistrictsAbolished = new(2025, 7, 1);

    // Depth in the tree; a child is always deeper than its parent. Communes and grassroots
    // committees are the same depth: both are cấp cơ sở.
    private static readonly Dictionary<string, int> Depth = new(StringComparer.Ordinal)
    {
        [Central] = 0,
        [Province] = 1,
        [District] = 2,
        [Commune] = 3,
        [Grassroots] = 3,
        [Cell] = 4,
    };

    public static IReadOnlyCollection<string> All => Depth.Keys;

    public static bool IsKnown(string level) => Depth.ContainsKey(level);

    public static bool CanBeUnder(string child, string parent) =>
        Depth.TryGetValue(child, out var c) && Depth.TryGetValue(parent, out var p) && c > p;
}
