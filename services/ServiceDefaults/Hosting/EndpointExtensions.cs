using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace NgheAn.ServiceDefaults.Hosting;

public static class EndpointExtensions
{
    /// <summary>
    /// Listens on two cleartext ports: GRPC_PORT speaks HTTP/2 only (gRPC, h2c) and HTTP_PORT speaks
    /// HTTP/1.1 only (JSON). Kestrel cannot negotiate both protocols on one port without TLS.
    /// BIND_ADDRESS defaults to all interfaces (containers); the AppHost sets loopback.
    /// </summary>
    public static WebApplicationBuilder UseGrpcAndHttpPorts(this WebApplicationBuilder builder, int defaultHttpPort = 8080, int defaultGrpcPort = 8081)
    {
        var config = builder.Configuration;
        var address = IPAddress.Parse(config["BIND_ADDRESS"] ?? "0.0.0.0");
        var httpPort = ReadPort(config, "HTTP_PORT", defaultHttpPort);
        var grpcPort = ReadPort(config, "GRPC_PORT", defaultGrpcPort);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false; // no software name and version for scanners
            kestrel.Listen(address, httpPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }

    private static int ReadPort(IConfiguration config, string key, int fallback)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"{key} must be a TCP port number, got '{text}'.");
    }
}
