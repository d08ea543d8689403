using NgheAn.Contracts;
using System.Text.Json;
using Scalar.AspNetCore;

namespace NgheAn.Gateway.ApiDescription;

public static class ApiDescriptionExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly Lazy<string> Document = new(() =>
        OpenApiDocumentBuilder.Build(ContractDescriptors.All).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>
    /// /openapi/v1.json, the one OpenAPI document of the platform, and /docs, a browsable reference
    /// (Scalar; its script is served by the gateway itself, and it loads no fonts from outside, so it
    /// works offline).
    /// </summary>
    public static WebApplication MapApiDescription(this WebApplication app)
    {
        // Reading the API description needs no token.
        app.MapGet(DocumentPath, () => Results.Text(Document.Value, "application/json")).AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("NgheAn.Platform API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()).AllowAnonymous();
        return app;
    }
}
