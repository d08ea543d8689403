namespace NgheAn.Gateway.RateLimiting;

/// <summary>
/// Configuration section "RateLimits": each caller (see CallerId) may send PermitLimit requests per
/// Window through the proxy, reads and writes, JSON and gRPC alike (one budget). The window is fixed
/// and starts at the caller's first request; its counter lives in Redis, so every gateway replica
/// counts against the same budget.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    public int PermitLimit { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
