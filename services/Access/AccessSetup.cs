using Grpc.AspNetCore.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.Access.Units;
using NgheAn.ServiceDefaults.Errors;

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
        // Who may call decides before anything reads the request (only the catch-all for unexpected
        // errors stays outside it, so a failure here is an INTERNAL without details too).
        services.PostConfigure<GrpcServiceOptions>(options =>
        {
            var registrations = options.Interceptors.Where(i => i.Type != typeof(AccessInterceptor)).ToList();
            var outer = registrations.TakeWhile(i => i.Type == typeof(UnexpectedErrorInterceptor)).Count();
            options.Interceptors.Clear();
            foreach (var registration in registrations.Take(outer))
            {
                options.Interceptors.Add(registration);
            }

            options.Interceptors.Add<AccessInterceptor>();
            foreach (var registration in registrations.Skip(outer))
            {
                options.Interceptors.Add(registration);
            }
        });
        return services;
    }
}
