namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// Configuration section "Idempotency". Its EncryptionKey (base64, 32 bytes, the same on every
/// replica, from a secret) is read at start by <see cref="IdempotencyRecordProtector"/>.
/// </summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotency-Replayed";

    /// <summary>How long a finished response is kept and replayed for the same key.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request counts as in flight (a retry meanwhile gets 409/ABORTED). If a gateway
    /// dies mid-request its claim ends after this, and the key may be used again.
    /// </summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Larger responses are passed on but not kept (a retry then runs again).</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
