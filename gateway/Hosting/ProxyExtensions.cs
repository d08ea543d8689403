namespace NgheAn.Gateway.Hosting;

public static class ProxyExtensions
{
    /// <summary>
    /// Routes and clusters come from the "ReverseProxy" configuration section. Destinations name
    /// services, not ports ("http://_grpc.directives"): service discovery resolves them from
    /// configuration (the AppHost's services__directives__grpc__0, or Kubernetes settings).
    /// </summary>
    public static WebApplicationBuilder AddPlatformProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
