namespace NgheAn.Gateway.Idempotency;

public static class IdempotencyExtensions
{
    public static WebApplicationBuilder AddIdempotency(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdempotencyOptions>()
            .Bind(builder.Configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.Retention > TimeSpan.Zero && o.InFlightTimeout > TimeSpan.Zero && o.MaxResponseBytes > 0, "Idempotency: Retention, InFlightTimeout and MaxResponseBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(IdempotencyRecordProtector.FromConfiguration(
            builder.Configuration[IdempotencyRecordProtector.KeySetting], builder.Environment.IsDevelopment()));
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }

    /// <summary>In the proxy pipeline, after the rate limit.</summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder proxy) => proxy.UseMiddleware<IdempotencyMiddleware>();
}
