using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>The public edge (components/gateway-api): TLS, only the gateway, everything the platform serves and nothing internal.</summary>
public class EdgePolicyTests
{
    private static readonly PublicApi Api = PublicApi.FromRepository();

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_edge_leads_only_to_the_gateway_and_only_over_TLS(string overlay) =>
        Violations.None(EdgePolicy.Check(Overlays.Render(overlay)));

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Production_overlays_publish_every_gRPC_service_and_JSON_path_and_nothing_internal(string overlay)
    {
        var manifests = Overlays.Render(overlay);
        if (!overlay.StartsWith("production", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(manifests, m => m.Kind == "Gateway"); // dev: kubectl port-forward, no public edge
            return;
        }

        Assert.Single(GatewayApi.Gateways(manifests));
        Violations.None(EdgePolicy.Coverage(manifests, Api));
    }

    [Fact]
    public void The_platforms_public_API_is_read_from_the_code()
    {
        // Guards the reader: an empty list would make the coverage test pass vacuously.
        Assert.Contains("nghean.directives.v1.DirectivesService", Api.GrpcServices);
        Assert.Contains("nghean.supervision.v1.AuditService", Api.GrpcServices);
        Assert.All(new[] { "directives", "cadrework", "emulation", "supervision" }, s => Assert.Contains(Api.GrpcServices, g => g.StartsWith($"nghean.{s}.v1.", StringComparison.Ordinal)));
        Assert.Contains("/v1/documents:proposeNumber", Api.HttpPaths);
        Assert.Contains("/v1/petitions/x", Api.HttpPaths);
        Assert.Contains("/openapi/v1.json", Api.HttpPaths);
    }

    public static TheoryData<string, Func<IReadOnlyList<Manifest>>, string> Broken => new()
    {
        {
            "a route straight to a service",
            () => Overlays.Edited(Overlays.Production, "GRPCRoute", "gateway-grpc", y => y.Replace("name: gateway\n", "name: directives\n")),
            "GRPCRoute/gateway-grpc: leads to Service/directives, not the gateway"
        },
        {
            "gRPC to the HTTP/1.1 port",
            () => Overlays.Edited(Overlays.Production, "GRPCRoute", "gateway-grpc", y => y.Replace("port: 8081", "port: 8080")),
            "GRPCRoute/gateway-grpc: sends gRPC to port 8080 (http), which does not speak h2c"
        },
        {
            "JSON to the h2c port",
            () => Overlays.Edited(Overlays.Production, "HTTPRoute", "gateway-http", y => y.Replace("port: 8080", "port: 8081")),
            "HTTPRoute/gateway-http: sends HTTP/1.1 to port 8081 (grpc), which speaks only h2c"
        },
        {
            "an HTTPS listener without a certificate",
            () => Overlays.Edited(Overlays.Production, "Gateway", "edge", y => y.Replace("name: gateway-grpc-tls", "name: ''")),
            "Gateway/edge: listener grpc serves HTTPS without a certificate"
        },
        {
            "TLS passed through to the gateway",
            () => Overlays.Edited(Overlays.Production, "Gateway", "edge", y => y.Replace("mode: Terminate", "mode: Passthrough")),
            "Gateway/edge: listener https does not terminate TLS"
        },
        {
            "the API on plain HTTP",
            () => Overlays.Edited(Overlays.Production, "HTTPRoute", "gateway-http", y => y.Replace("sectionName: https", "sectionName: http")),
            "HTTPRoute/gateway-http: serves requests over plain HTTP on listener http"
        },
        {
            "a route on every listener, plain HTTP too",
            () => Overlays.Edited(Overlays.Production, "GRPCRoute", "gateway-grpc", y => y.Replace("sectionName: grpc", "port: 443")),
            "GRPCRoute/gateway-grpc: serves requests over plain HTTP on listener http"
        },
        {
            "a route to a listener that does not exist",
            () => Overlays.Edited(Overlays.Production, "GRPCRoute", "gateway-grpc", y => y.Replace("sectionName: grpc", "sectionName: grcp")),
            "GRPCRoute/gateway-grpc: attaches to no listener"
        },
        {
            "a TCP listener",
            () => Overlays.Edited(Overlays.Production, "Gateway", "edge", y => y.Replace("protocol: HTTP\n", "protocol: TCP\n")),
            "Gateway/edge: listener http speaks TCP"
        },
        {
            "an Ingress",
            () => Overlays.Plus(Overlays.Production, """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: gateway}
                spec: {defaultBackend: {service: {name: gateway, port: {number: 8080}}}}
                """),
            "Ingress/gateway: the edge is Gateway API"
        },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void An_edge_that_bypasses_TLS_or_the_gateway_is_caught(string what, Func<IReadOnlyList<Manifest>> manifests, string expected)
    {
        Assert.NotNull(what);
        Violations.Found(EdgePolicy.Check(manifests()), expected);
    }

    public static TheoryData<string, Func<IReadOnlyList<Manifest>>, string> Incomplete => new()
    {
        {
            "a gRPC service left out",
            () => Overlays.Edited(Overlays.Production, "GRPCRoute", "gateway-grpc", y => y.Replace("service: nghean.supervision.v1.AuditService", "service: nghean.supervision.v1.SupervisionService")),
            "gRPC service nghean.supervision.v1.AuditService: no GRPCRoute leads it over TLS to the gateway's port 8081"
        },
        {
            "a service that does not exist",
            () => Overlays.Edited(Overlays.Production, "GRPCRoute", "gateway-grpc", y => y.Replace("service: nghean.emulation.v1.EmulationService", "service: nghean.emulation.v1.EmulationsService")),
            "GRPCRoute/gateway-grpc: matches nghean.emulation.v1.EmulationsService, which no .proto of the platform defines"
        },
        {
            "JSON paths left out",
            () => Overlays.Edited(Overlays.Production, "HTTPRoute", "gateway-http", y => y.Replace("value: /v1\n", "value: /v1/documents\n")),
            "path /v1/petitions/x: no HTTPRoute leads it over TLS to the gateway's port 8080"
        },
        {
            "gRPC-Web left out",
            () => Overlays.Edited(Overlays.Production, "HTTPRoute", "gateway-http", y => y.Replace("value: /nghean.cadrework.v1.OrgUnitsService\n", "value: /nghean.cadrework.v1.OrgUnits\n")),
            "path /nghean.cadrework.v1.OrgUnitsService/AnyMethod: no HTTPRoute leads it"
        },
        {
            "the health endpoints published",
            () => Overlays.Edited(Overlays.Production, "HTTPRoute", "gateway-http", y => y.Replace("value: /v1\n", "value: /\n")),
            "HTTPRoute/gateway-http: publishes /health/ready, which stays inside the cluster"
        },
    };

    [Theory]
    [MemberData(nameof(Incomplete))]
    public void An_edge_that_misses_part_of_the_API_or_publishes_health_is_caught(string what, Func<IReadOnlyList<Manifest>> manifests, string expected)
    {
        Assert.NotNull(what);
        Violations.Found(EdgePolicy.Coverage(manifests(), Api), expected);
    }
}
