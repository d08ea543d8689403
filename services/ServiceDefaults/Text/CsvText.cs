namespace NgheAn.ServiceDefaults.Text;

/// <summary>CSV cells for downloads that spreadsheet programs open.</summary>
public static class CsvText
{
    /// <summary>RFC 4180 quoting; a leading formula character is neutralised for spreadsheets.</summary>
    public static string Cell(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
