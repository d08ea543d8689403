namespace NgheAn.Directives.Domain;

/// <summary>
/// Proposes the next number in a register. Numbers restart at 01 for each issuer and type within
/// each committee term (Hướng dẫn 36-HD/VPTW), so the register is the set of numbers already
/// used under one <see cref="DocumentNumberKey"/> without its number.
/// </summary>
public static class DocumentNumbering
{
    /// <summary>
    /// The number after the highest one used (01 for an empty register). Gaps are not reused:
    /// a gap is usually a number taken by a document not yet registered here.
    /// </summary>
    public static int NextFree(IEnumerable<int> usedNumbers)
    {
        ArgumentNullException.ThrowIfNull(usedNumbers);
        var highest = 0;
        foreach (var number in usedNumbers)
        {
            highest = Math.Max(highest, number);
        }

        return highest + 1;
    }

    /// <summary>The proposed symbol, e.g. "197-KH/TU" after 196, for the given type and issuer(s).</summary>
    public static ParseResult<DocumentSymbol> ProposeSymbol(IEnumerable<int> usedNumbers, string typeCode, IEnumerable<string> issuerCodes,
        DocumentReferenceData? data = null) =>
        DocumentSymbol.Create(NextFree(usedNumbers), typeCode, issuerCodes, data);
}
