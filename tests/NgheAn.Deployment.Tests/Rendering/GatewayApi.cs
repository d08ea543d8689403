namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// Read-only views of the Gateway API objects the policies look at (gateway.networking.k8s.io/v1
/// Gateway, HTTPRoute, GRPCRoute), with only the fields they need (KubernetesClient has no models for
/// them).
/// </summary>
public static class GatewayApi
{
    public const string Group = "gateway.networking.k8s.io";

    public static IEnumerable<Gateway> Gateways(IEnumerable<Manifest> manifests) => Views.Of<Gateway>(manifests, Group, "Gateway");

    /// <summary>HTTPRoutes and GRPCRoutes; <see cref="Route.Kind"/> says which.</summary>
    public static IEnumerable<Route> Routes(IEnumerable<Manifest> manifests) =>
        Views.Of<Route>(manifests, Group, "HTTPRoute").Concat(Views.Of<Route>(manifests, Group, "GRPCRoute"));

    public sealed class Metadata
    {
        public string Name { get; init; } = "";

        public Dictionary<string, string>? Annotations { get; init; }
    }

    public sealed class Gateway
    {
        public Metadata Metadata { get; init; } = new();

        public GatewaySpec Spec { get; init; } = new();

        public override string ToString() => $"Gateway/{Metadata.Name}";
    }

    public sealed class GatewaySpec
    {
        public string? GatewayClassName { get; init; }

        public List<Listener> Listeners { get; init; } = [];
    }

    public sealed class Listener
    {
        public string Name { get; init; } = "";

        public string? Hostname { get; init; }

        public int Port { get; init; }

        public string Protocol { get; init; } = "";

        public ListenerTls? Tls { get; init; }
    }

    public sealed class ListenerTls
    {
        /// <summary>Terminate when unset.</summary>
        public string? Mode { get; init; }

        public List<ObjectReference>? CertificateRefs { get; init; }
    }

    public sealed class ObjectReference
    {
        public string? Group { get; init; }

        public string? Kind { get; init; }

        public string Name { get; init; } = "";

        public string? Namespace { get; init; }
    }

    public sealed class Route
    {
        public string Kind { get; init; } = "";

        public Metadata Metadata { get; init; } = new();

        public RouteSpec Spec { get; init; } = new();

        public override string ToString() => $"{Kind}/{Metadata.Name}";
    }

    public sealed class RouteSpec
    {
        public List<ParentReference> ParentRefs { get; init; } = [];

        public List<string>? Hostnames { get; init; }

        public List<Rule> Rules { get; init; } = [];
    }

    public sealed class ParentReference
    {
        public string? Kind { get; init; }

        public string Name { get; init; } = "";

        public string? Namespace { get; init; }

        /// <summary>The listener; unset = every listener of the Gateway.</summary>
        public string? SectionName { get; init; }
    }

    public sealed class Rule
    {
        public string? Name { get; init; }

        /// <summary>Unset or empty = every request (HTTPRoute: PathPrefix "/"; GRPCRoute: every service).</summary>
        public List<Match>? Matches { get; init; }

        public List<Filter>? Filters { get; init; }

        public List<BackendReference>? BackendRefs { get; init; }
    }

    public sealed class Match
    {
        /// <summary>HTTPRoute; unset = PathPrefix "/".</summary>
        public PathMatch? Path { get; init; }

        /// <summary>GRPCRoute; unset = every service and method.</summary>
        public MethodMatch? Method { get; init; }
    }

    public sealed class PathMatch
    {
        /// <summary>PathPrefix when unset.</summary>
        public string? Type { get; init; }

        public string? Value { get; init; }
    }

    public sealed class MethodMatch
    {
        /// <summary>Exact when unset.</summary>
        public string? Type { get; init; }

        public string? Service { get; init; }

        public string? Method { get; init; }
    }

    public sealed class Filter
    {
        public string Type { get; init; } = "";

        public Redirect? RequestRedirect { get; init; }
    }

    public sealed class Redirect
    {
        public string? Scheme { get; init; }

        public int? StatusCode { get; init; }
    }

    public sealed class BackendReference
    {
        public string? Group { get; init; }

        public string? Kind { get; init; }

        public string Name { get; init; } = "";

        public string? Namespace { get; init; }

        public int? Port { get; init; }
    }

    /// <summary>Whether an HTTPRoute path match takes this request path (Gateway API semantics for Exact and PathPrefix).</summary>
    public static bool Takes(PathMatch? match, string path)
    {
        var type = match?.Type ?? "PathPrefix";
        var value = match?.Value ?? "/";
        return type switch
        {
            "Exact" => path == value,
            // Prefix by path elements: "/v1" takes "/v1" and "/v1/x", not "/v10".
            "PathPrefix" => value.TrimEnd('/') is var prefix && (prefix.Length == 0 || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)),
            _ => false, // RegularExpression is implementation-specific: not relied upon
        };
    }

    /// <summary>Whether a GRPCRoute method match takes every method of this fully qualified gRPC service.</summary>
    public static bool TakesService(MethodMatch? match, string service) =>
        match is null
        || ((match.Type ?? "Exact") == "Exact" && (match.Service is null || match.Service == service) && match.Method is null);
}
