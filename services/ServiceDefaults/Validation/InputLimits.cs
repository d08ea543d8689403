using NgheAn.ServiceDefaults.Calendar;

namespace NgheAn.ServiceDefaults.Validation;

/// <summary>
/// The limits a request field has when its contract names none (nghean.common.v1 field options),
/// and the platform's date range: the years the holiday calendar covers.
/// </summary>
public static class InputLimits
{
    /// <summary>A string without a max_length option: ids, codes, symbols, decision numbers.</summary>
    public const int DefaultMaxLength = 100;

    /// <summary>At most this many violations in one answer: enough to fix a request, not an echo of it.</summary>
    public const int MaxViolations = 20;

    public static readonly DateOnly FirstDate = new(VietnamWorkingDays.FirstYear, 1, 1);

    public static readonly DateOnly LastDate = new(VietnamWorkingDays.LastYear, 12, 31);

    public static bool IsInDateRange(DateOnly date) => date >= FirstDate && date <= LastDate;
}
