using Microsoft.AspNetCore.HttpOverrides;

namespace NgheAn.Gateway.Callers;

public static class CallerExtensions
{
    /// <summary>
    /// The client address behind a load balancer or ingress: X-Forwarded-For and -Proto are believed
    /// only from loopback and from the networks in ForwardedHeaders:KnownNetworks (CIDR, e.g.
    /// "10.0.0.0/8" for the ingress controller's pods). From anyone else they are ignored, so a
    /// caller cannot pick another caller's rate-limit budget or idempotency records.
    /// </summary>
    public static WebApplicationBuilder AddCallerIdentification(this WebApplicationBuilder builder)
    {
        var networks = builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    public static IApplicationBuilder UseCallerIdentification(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
