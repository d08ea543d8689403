using System.Text.Json.Serialization;

namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// What Redis keeps for one caller's key (sealed, see <see cref="IdempotencyRecordProtector"/>): the
/// request's fingerprint and, once done, its response.
/// </summary>
public sealed record IdempotencyRecord
{
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>SHA-256 (hex) of method, path with query, and body.</summary>
    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }

    [JsonPropertyName("status")]
    public int Status { get; init; }

    [JsonPropertyName("headers")]
    public Dictionary<string, string[]> Headers { get; init; } = [];

    [JsonPropertyName("trailers")]
    public Dictionary<string, string[]> Trailers { get; init; } = [];

    [JsonPropertyName("body")]
    public byte[] Body { get; init; } = [];

    public const string Pending = "pending";
    public const string Done = "done";

    public bool IsDone => State == Done;

    public static string RedisKey(string caller, string idempotencyKey) => $"nghean:gateway:idempotency:{caller}:{idempotencyKey}";
}
