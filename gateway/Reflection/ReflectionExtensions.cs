using NgheAn.Contracts;
using Grpc.Health.V1;
using Grpc.Reflection;
using NgheAn.Gateway.ApiDescription;

namespace NgheAn.Gateway.Reflection;

public static class ReflectionExtensions
{
    /// <summary>
    /// In development the gateway answers gRPC server reflection (grpc.reflection.v1alpha and v1)
    /// itself, for every service of the platform, from the Contracts descriptors: grpcurl and
    /// Postman pointed at the gateway see the whole API. Never in other environments.
    /// </summary>
    public static WebApplicationBuilder AddPlatformReflection(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            var services = ContractDescriptors.Services.Append(Health.Descriptor).ToList();
            builder.Services.AddSingleton(new ReflectionServiceImpl(services));
            builder.Services.AddSingleton(new ReflectionV1ServiceImpl(services));
        }

        return builder;
    }

    public static WebApplication MapPlatformReflection(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcService<ReflectionServiceImpl>().AllowAnonymous();
            app.MapGrpcService<ReflectionV1ServiceImpl>().AllowAnonymous();
        }

        return app;
    }
}
