using System.Globalization;
using System.Text;
using NgheAn.ServiceDefaults.Text;

namespace NgheAn.CadreWork.Domain;

/// <summary>One of Nghệ An's commune-level units from 1 July 2025, as Nghị quyết 1678/NQ-UBTVQH15 names it.</summary>
/// <param name="Item">The khoản of Điều 1 that forms it; null for a commune the resolution keeps unchanged.</param>
/// <param name="Name">The name without its kind, e.g. "Kim Liên".</param>
/// <param name="Kind"><see cref="NgheAnCommuneUnits2025.Commune"/> or <see cref="NgheAnCommuneUnits2025.Ward"/>.</param>
/// <param name="Predecessors">The units merged into it as the item lists them, e.g. "xã Nam Cát"; empty when unchanged.</param>
public sealed record CommuneUnit2025(int? Item, string Name, string Kind, IReadOnlyList<string> Predecessors)
{
    /// <summary>The name with its kind, e.g. "xã Kim Liên".</summary>
    public string FullName => $"{Kind} {Name}";

    /// <summary>The unit id: kind and name without diacritics, e.g. "xa-kim-lien", "phuong-truong-vinh".</summary>
    public string Id => TextFolding.Slug(FullName);
}

/// <summary>
/// The 130 commune-level units of Nghệ An from 1 July 2025 (119 xã, 11 phường), read from the
/// embedded Data/nghe-an-commune-units-2025.csv; see Data/README.md for the legal basis and sources.
/// </summary>
public static class NgheAnCommuneUnits2025
{
    public const string Commune = "xã";
    public const string Ward = "phường";

    /// <summary>The day the units came into being (the resolution's effective date).</summary>
    public static readonly DateOnly Established = new(2025, 7, 1);

    private const string ResourceName = "NgheAn.CadreWork.Domain.Data.nghe-an-commune-units-2025.csv";

    public static IReadOnlyList<CommuneUnit2025> All { get; } = Load();

    private static List<CommuneUnit2025> Load()
    {
        using var stream = typeof(NgheAnCommuneUnits2025).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var units = new List<CommuneUnit2025>();
        var header = true;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // Names and predecessor lists hold no commas (predecessors are "; "-separated), so no quoting.
            var fields = line.Split(',');
            if (fields.Length != 4)
            {
                throw new FormatException($"{ResourceName} line {lineNumber}: expected 4 fields, found {fields.Length}.");
            }

            if (header)
            {
                header = false;
                continue;
            }

            int? item = fields[0].Length == 0 ? null : int.Parse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture);
            var kind = fields[2].Trim().Normalize(NormalizationForm.FormC);
            if (kind is not (Commune or Ward))
            {
                throw new FormatException($"{ResourceName} line {lineNumber}: kind must be '{Commune}' or '{Ward}', not '{kind}'.");
            }

            var predecessors = fields[3].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            units.Add(new CommuneUnit2025(item, fields[1].Trim(), kind, predecessors));
        }

        return units;
    }
}
