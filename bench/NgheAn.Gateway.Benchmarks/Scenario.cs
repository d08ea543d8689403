namespace NgheAn.Gateway.Benchmarks;

public enum Target
{
    Direct,
    Gateway,
}

public enum Operation
{
    CachedRead,
    Write,
}

public enum Protocol
{
    Json,
    Grpc,
}

/// <summary>One row of the report: an operation over one protocol, run directly and through the gateway.</summary>
public sealed record Scenario(Operation Operation, Protocol Protocol)
{
    public static readonly IReadOnlyList<Scenario> All =
    [
        new(Operation.CachedRead, Protocol.Json),
        new(Operation.CachedRead, Protocol.Grpc),
        new(Operation.Write, Protocol.Json),
        new(Operation.Write, Protocol.Grpc),
    ];

    public string Name => $"{(Operation == Operation.CachedRead ? "cached read" : "write")} {(Protocol == Protocol.Json ? "JSON" : "gRPC")}";

    /// <summary>For --only: "read json", "write grpc"…</summary>
    public string Key => $"{(Operation == Operation.CachedRead ? "read" : "write")} {(Protocol == Protocol.Json ? "json" : "grpc")}";

    /// <summary>Write numbers: a million per scenario and target, so no two runs create the same symbol.</summary>
    public int WriteRange(Target target) => (Protocol == Protocol.Json ? 1 : 3) + (target == Target.Gateway ? 1 : 0);
}
