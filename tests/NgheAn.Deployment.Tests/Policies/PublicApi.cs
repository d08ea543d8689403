using System.Text.Json;
using System.Text.RegularExpressions;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// What the platform serves to the outside, read from the code: its gRPC services (the .proto files
/// in services/Contracts), the HTTP paths the gateway serves (its proxy routes in
/// gateway/appsettings.json, gRPC-Web on every gRPC service, the API description) and the paths that
/// stay inside the cluster (health).
/// </summary>
public sealed partial record PublicApi(IReadOnlyList<string> GrpcServices, IReadOnlyList<string> HttpPaths, IReadOnlyList<string> InternalPaths)
{
    /// <summary>The gateway's own endpoints (gateway/ApiDescription, ServiceDefaults/Health).</summary>
    private static readonly string[] ApiDescription = ["/openapi/v1.json", "/docs"];
    private static readonly string[] Health = ["/health/live", "/health/ready"];

    public static PublicApi FromRepository()
    {
        var services = Directory.EnumerateFiles(Path.Combine(Repository.Root, "services", "Contracts", "protos", "nghean"), "*.proto", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .SelectMany(proto => ServiceDeclaration().Matches(proto).Select(m => $"{PackageDeclaration().Match(proto).Groups[1].Value}.{m.Groups[1].Value}"))
            .Order()
            .ToArray();
        var grpcWeb = services.Select(s => $"/{s}/AnyMethod");
        return new PublicApi(services, [.. JsonPaths(), .. grpcWeb, .. ApiDescription], Health);
    }

    /// <summary>A request path for each JSON route of the gateway ("/v1/documents/{**rest}" → "/v1/documents/x"); the gRPC routes are the services.</summary>
    private static IEnumerable<string> JsonPaths()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Select(r => r.Value.GetProperty("Match").GetProperty("Path").GetString()!)
            .Where(p => !p.Contains("{service}", StringComparison.Ordinal))
            .Select(p => RouteParameter().Replace(p, "x"))
            .ToArray();
    }

    [GeneratedRegex(@"^service\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex ServiceDeclaration();

    [GeneratedRegex(@"^package\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex PackageDeclaration();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
