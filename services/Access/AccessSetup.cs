using Grpc.AspNetCore.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.Access.Units;

namespace NgheAn.Access;

public static class AccessSetup
{
    /// <summary>
    /// The access model for a service: every call of the given gRPC services is checked by the
    /// <see cref="AccessInterceptor"/> against the service's own copy of the organisation tree
    /// (and its people, via <typeparamref name="TPeople"/>); methods ask <see cref="CallAccess"/>.
    /// </summary>
    public static IServiceCollection AddPlatformAccess<TContext, TPeople>(this IServiceCollection services, params Google.Protobuf.Reflection.ServiceDescriptor[] grpcServices)
        where TContext : DbContext
        where TPeople : class, IPersonUnits
    {
        services.AddSingleton(new MethodCatalog(grpcServices));
        services.AddScoped<IPersonUnits, TPeople>();
        services.AddScoped<IUnitDirectory, UnitDirectory<TContext>>();
        services.AddScoped<CallAccess>();
        services.AddSingleton<IDeniedWrites, DeniedWrites<TContext>>();
        // First of all interceptors: who may call decides before anything reads the request.
        services.PostConfigure<GrpcServiceOptions>(options =>
        {
            var others = options.Interceptors.Where(i => i.Type != typeof(AccessInterceptor)).ToList();
            options.Interceptors.Clear();
            options.Interceptors.Add<AccessInterceptor>();
            foreach (var other in others)
            {
                options.Interceptors.Add(other);
            }
        });
        return services;
    }
}
