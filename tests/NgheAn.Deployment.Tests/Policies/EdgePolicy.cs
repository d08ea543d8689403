using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using static NgheAn.Deployment.Tests.Rendering.GatewayApi;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// The public edge is Gateway API (Ingress is not used: ingress-nginx was retired in March 2026) and
/// leads only to the gateway, only over TLS: every HTTPS listener terminates TLS with a certificate;
/// a plain-HTTP listener only redirects to https; every route attaches to a listener that exists and
/// sends its requests to the gateway Service alone — a GRPCRoute to its h2c port, an HTTPRoute to its
/// HTTP/1.1 port.
/// </summary>
public static class EdgePolicy
{
    public const string GatewayService = "gateway";
    public const string H2c = "kubernetes.io/h2c";

    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        var gateways = Gateways(list).ToList();
        var gatewayService = Workloads.OfKind<V1Service>(list).SingleOrDefault(s => s.Metadata.Name == GatewayService);

        foreach (var ingress in Workloads.OfKind<V1Ingress>(list))
        {
            yield return $"Ingress/{ingress.Metadata.Name}: the edge is Gateway API (components/gateway-api), not an Ingress";
        }

        foreach (var gateway in gateways)
        {
            foreach (var listener in gateway.Spec.Listeners)
            {
                if (ListenerProblem(listener) is { } problem)
                {
                    yield return $"{gateway}: listener {listener.Name} {problem}";
                }
            }
        }

        foreach (var route in Routes(list))
        {
            var listeners = Attached(route, gateways).ToList();
            if (listeners.Count == 0)
            {
                yield return $"{route}: attaches to no listener of a Gateway here";
            }

            foreach (var listener in listeners.Where(l => l.Protocol == "HTTP"))
            {
                if (route.Spec.Rules.Any(r => !OnlyRedirectsToHttps(r)))
                {
                    yield return $"{route}: serves requests over plain HTTP on listener {listener.Name}; there only a redirect to https belongs";
                }
            }

            foreach (var backend in route.Spec.Rules.SelectMany(r => r.BackendRefs ?? []))
            {
                if (BackendProblem(route, backend, gatewayService) is { } problem)
                {
                    yield return $"{route}: {problem}";
                }
            }
        }
    }

    /// <summary>
    /// What the platform publishes is routed, over TLS, to the gateway port that serves it: every gRPC
    /// service by a GRPCRoute to the h2c port (and no GRPCRoute match names a service that does not
    /// exist); every public HTTP path (JSON, gRPC-Web, the API description) by an HTTPRoute to the
    /// HTTP/1.1 port; internal paths (health) by no route at all.
    /// </summary>
    public static IEnumerable<string> Coverage(IEnumerable<Manifest> manifests, PublicApi api)
    {
        var list = manifests.ToList();
        var gateways = Gateways(list).ToList();
        var ports = Workloads.OfKind<V1Service>(list).Single(s => s.Metadata.Name == GatewayService).Spec.Ports;
        var (grpcPort, httpPort) = (ports.Single(p => p.AppProtocol == H2c).Port, ports.Single(p => p.AppProtocol != H2c).Port);
        var routes = Routes(list).Select(r => (Route: r, Tls: Attached(r, gateways).Any(l => l.Protocol == "HTTPS"))).ToList();
        var grpcRules = routes.Where(r => r.Route.Kind == "GRPCRoute" && r.Tls).SelectMany(r => r.Route.Spec.Rules).Where(r => LeadsOnlyTo(r, grpcPort)).ToList();
        var httpRules = routes.Where(r => r.Route.Kind == "HTTPRoute" && r.Tls).SelectMany(r => r.Route.Spec.Rules).Where(r => LeadsOnlyTo(r, httpPort)).ToList();

        foreach (var service in api.GrpcServices.Where(s => !grpcRules.Any(r => Matches(r).Any(m => TakesService(m.Method, s)))))
        {
            yield return $"gRPC service {service}: no GRPCRoute leads it over TLS to the gateway's port {grpcPort}";
        }

        var named = routes.Where(r => r.Route.Kind == "GRPCRoute").SelectMany(r => r.Route.Spec.Rules.SelectMany(Matches).Select(m => (r.Route, m.Method?.Service)));
        foreach (var (route, service) in named.Where(n => n.Service is not null && !api.GrpcServices.Contains(n.Service)))
        {
            yield return $"{route}: matches {service}, which no .proto of the platform defines";
        }

        foreach (var path in api.HttpPaths.Where(p => !httpRules.Any(r => Matches(r).Any(m => Takes(m.Path, p)))))
        {
            yield return $"path {path}: no HTTPRoute leads it over TLS to the gateway's port {httpPort}";
        }

        foreach (var path in api.InternalPaths)
        {
            foreach (var (route, _) in routes.Where(r => r.Route.Kind == "HTTPRoute"
                && r.Route.Spec.Rules.Any(rule => rule.BackendRefs is { Count: > 0 } && Matches(rule).Any(m => Takes(m.Path, path)))))
            {
                yield return $"{route}: publishes {path}, which stays inside the cluster";
            }
        }
    }

    /// <summary>A rule's matches; a rule without any matches every request.</summary>
    private static IEnumerable<Match> Matches(Rule rule) => rule.Matches is { Count: > 0 } matches ? matches : [new Match()];

    /// <summary>The listeners a route is attached to: the one its sectionName names, or every listener of the Gateway.</summary>
    public static IEnumerable<Listener> Attached(Route route, IEnumerable<Gateway> gateways) =>
        route.Spec.ParentRefs
            .Where(p => p.Kind is null or "Gateway")
            .SelectMany(p => gateways.Where(g => g.Metadata.Name == p.Name)
                .SelectMany(g => g.Spec.Listeners.Where(l => p.SectionName is null || l.Name == p.SectionName)));

    /// <summary>The rule's backends, when every one of them is this port of the gateway Service.</summary>
    public static bool LeadsOnlyTo(Rule rule, int port) =>
        rule.BackendRefs is { Count: > 0 } backends && backends.All(b => b.Name == GatewayService && b.Port == port);

    private static string? ListenerProblem(Listener listener) => listener.Protocol switch
    {
        "HTTPS" when listener.Tls is not { Mode: null or "Terminate" } => "does not terminate TLS",
        "HTTPS" when listener.Tls.CertificateRefs is not { Count: > 0 } refs || refs.Any(r => string.IsNullOrEmpty(r.Name)) => "serves HTTPS without a certificate",
        "HTTPS" or "HTTP" => null,
        _ => $"speaks {listener.Protocol}: only HTTPS (and HTTP for the redirect) belong on the edge",
    };

    private static bool OnlyRedirectsToHttps(Rule rule) =>
        rule.BackendRefs is null or { Count: 0 }
        && rule.Filters is { Count: > 0 } filters
        && filters.Any(f => f.Type == "RequestRedirect" && f.RequestRedirect?.Scheme == "https");

    private static string? BackendProblem(Route route, BackendReference backend, V1Service? gatewayService)
    {
        if (backend.Name != GatewayService || backend.Kind is not (null or "Service") || backend.Group is not (null or "") || backend.Namespace is not null)
        {
            return $"leads to {backend.Kind ?? "Service"}/{backend.Name}, not the gateway";
        }

        var port = gatewayService?.Spec.Ports?.SingleOrDefault(p => p.Port == backend.Port);
        if (port is null)
        {
            return $"leads to port {backend.Port} of the gateway Service, which it does not have";
        }

        // GRPCRoute: HTTP/2 without TLS to the pod; HTTPRoute: the HTTP/1.1 (JSON, gRPC-Web) port.
        return (route.Kind, port.AppProtocol) switch
        {
            ("GRPCRoute", not H2c) => $"sends gRPC to port {port.Port} ({port.Name}), which does not speak h2c",
            ("HTTPRoute", H2c) => $"sends HTTP/1.1 to port {port.Port} ({port.Name}), which speaks only h2c",
            _ => null,
        };
    }
}
