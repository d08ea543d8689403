using Yarp.ReverseProxy.Forwarder;

namespace NgheAn.Gateway.Proxy;

/// <summary>
/// The HTTP/2 connections from the gateway to the services (one client per cluster, one pool per
/// destination), on top of YARP's defaults (which already open another connection to a pod once one
/// carries as many calls as the pod allows: EnableMultipleHttp2Connections).
/// </summary>
public sealed class ServiceConnections(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);

        // A pod that is gone without closing its connections (node lost, network cut) drops packets:
        // without a limit, connecting to it waits for TCP's own timeout (minutes).
        handler.ConnectTimeout = TimeSpan.FromSeconds(5);

        // ...and calls already on such a connection would hang until the request times out: HTTP/2
        // pings find the dead connection within 30 s and fail those calls, so clients can retry.
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(20);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(10);
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;

        // Where a destination is a name, not a pod (Proxy:Replicas off, or while DNS does not
        // answer), a connection reaches one pod for as long as it lives: renewing it every minute
        // spreads such calls over the pods behind the name.
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(1);
    }
}
