using System.Text.RegularExpressions;

namespace NgheAn.Access.Units;

/// <summary>Organisation unit ids are slugs ("phuong-truong-vinh"): anything else names no unit and is never looked up.</summary>
public static partial class UnitIds
{
    public static bool IsWellFormed(string id) => Slug().IsMatch(id);

    [GeneratedRegex("^(?=.{1,100}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
