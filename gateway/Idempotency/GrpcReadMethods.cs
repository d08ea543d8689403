using NgheAn.Contracts;
using System.Collections.Frozen;
using Google.Api;
using NgheAn.Gateway.ApiDescription;

namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// The gRPC methods that only read: those whose google.api.http rule is a GET. Every gRPC call is an
/// HTTP POST, so the contract says which are writes; a read is never kept or replayed, even with an
/// Idempotency-Key (a replay would show a stale answer, and skip the service's access check).
/// </summary>
public static class GrpcReadMethods
{
    // "/nghean.directives.v1.DirectivesService/GetDocument", …
    private static readonly Lazy<FrozenSet<string>> Paths = new(() => ContractDescriptors.Services
        .SelectMany(service => service.Methods)
        .Where(method => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { PatternCase: HttpRule.PatternOneofCase.Get })
        .Select(method => $"/{method.Service.FullName}/{method.Name}")
        .ToFrozenSet(StringComparer.Ordinal));

    public static bool IsRead(string path) => Paths.Value.Contains(path);
}
