using Google.Protobuf.Reflection;
using Google.Rpc;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NgheAn.ServiceDefaults.Hosting;

public static class GrpcApiExtensions
{
    /// <summary>gRPC with JSON transcoding (google.api.http annotations) and server reflection. Access checks come with AddPlatformAccess (services/Access).</summary>
    public static IHostApplicationBuilder AddGrpcApi(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddGrpc(options =>
            {
                // Exception details go to the log only, never into a response (UnexpectedErrorInterceptor).
                options.EnableDetailedErrors = false;
                options.Interceptors.Add<UnexpectedErrorInterceptor>();
                // (services/Access puts its AccessInterceptor here: who may call, before the input is read.)
                options.Interceptors.Add<ValidationInterceptor>(); // input limits, before any handler
            })
            .AddJsonTranscoding(options =>
                // Lets JSON error bodies carry google.rpc details (BadRequest, ResourceInfo…).
                options.TypeRegistry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor));
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>Reflection lets grpcurl and Postman discover the API; only in development.</summary>
    public static IEndpointRouteBuilder MapGrpcReflectionInDevelopment(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService().AllowAnonymous();
        }

        return app;
    }
}
