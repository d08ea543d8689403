namespace NgheAn.ServiceDefaults.Hosting;

/// <summary>Vietnam time is UTC+7 all year (no daylight saving): "today" is today there.</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
