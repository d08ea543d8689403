using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace NgheAn.ServiceDefaults.Caching;

public static class RedisExtensions
{
    /// <summary>The connection string of Redis (StackExchange.Redis configuration, e.g. "127.0.0.1:6379").</summary>
    public const string ConnectionName = "redis";

    /// <summary>
    /// One shared Redis connection. It connects in the background and reconnects by itself, so a
    /// Redis outage degrades caches instead of stopping the service.
    /// </summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing: set ConnectionStrings__{ConnectionName}.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddSingleton<ProtoCache>();
        return builder;
    }
}
