using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using NgheAn.Contracts.Directives.V1;

namespace NgheAn.EndToEnd.Tests;

/// <summary>/openapi/v1.json describes every JSON route of every service; /docs shows it without the internet.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class ApiDescriptionTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_with_the_documents_routes()
    {
        var text = await platform.Json.GetStringAsync("/openapi/v1.json");

        var (valid, output) = await ValidateAsync(text);
        Assert.True(valid, $"The OpenAPI validator rejected /openapi/v1.json:\n{output}");

        var document = JsonNode.Parse(text)!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        Assert.NotNull(paths["/v1/documents"]?["get"]);
        Assert.NotNull(paths["/v1/documents"]?["post"]);
        Assert.NotNull(paths["/v1/documents/{id}"]?["get"]);
        Assert.NotNull(paths["/v1/known-documents/{id}"]?["get"]);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        foreach (var operation in paths.SelectMany(p => p.Value!.AsObject()))
        {
            Assert.NotNull(operation.Value!["responses"]!["default"]!["content"]!["application/problem+json"]);
        }
    }

    [Fact]
    public async Task The_validator_rejects_a_broken_document()
    {
        // Proves the validation above can fail: the served document with a path missing its responses.
        var document = JsonNode.Parse(await platform.Json.GetStringAsync("/openapi/v1.json"))!;
        document["paths"]!["/v1/documents"]!["get"]!.AsObject().Remove("responses");

        var (valid, output) = await ValidateAsync(document.ToJsonString());

        Assert.False(valid, output);
    }

    [Fact]
    public async Task Every_google_api_http_route_in_the_protos_is_in_the_document()
    {
        var paths = JsonNode.Parse(await platform.Json.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();
        var routes = ProtoRoutes().ToList();

        Assert.NotEmpty(routes);
        foreach (var (verb, path, method) in routes)
        {
            Assert.True(paths[path]?[verb] is not null, $"{method} ({verb.ToUpperInvariant()} {path}) is missing from /openapi/v1.json");
        }
    }

    [Fact]
    public async Task The_reference_page_is_served_with_its_scripts_from_the_gateway()
    {
        using var page = await platform.Json.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.DoesNotMatch("^(https?:)?//", script);
            using var response = await platform.Json.GetAsync("/docs/" + script);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }

    // Independent of the gateway's generator: read google.api.http straight from the Contracts descriptors.
    private static IEnumerable<(string Verb, string Path, string Method)> ProtoRoutes()
    {
        var files = typeof(DirectivesReflection).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("NgheAn.Contracts.", StringComparison.Ordinal) == true && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>();
        foreach (var method in files.SelectMany(f => f.Services).SelectMany(s => s.Methods))
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
            {
                continue;
            }

            foreach (var binding in rule.AdditionalBindings.Prepend(rule))
            {
                var (verb, template) = binding.PatternCase switch
                {
                    HttpRule.PatternOneofCase.Get => ("get", binding.Get),
                    HttpRule.PatternOneofCase.Post => ("post", binding.Post),
                    HttpRule.PatternOneofCase.Put => ("put", binding.Put),
                    HttpRule.PatternOneofCase.Patch => ("patch", binding.Patch),
                    HttpRule.PatternOneofCase.Delete => ("delete", binding.Delete),
                    _ => (binding.Custom.Kind.ToLowerInvariant(), binding.Custom.Path),
                };
                yield return (verb, Regex.Replace(template, @"\{([^}=]+)=[^}]*\}", "{$1}"), method.FullName);
            }
        }
    }

    private static async Task<(bool Valid, string Output)> ValidateAsync(string document)
    {
        var root = RepoRoot();
        var cli = Path.Combine(root, "scripts", "node_modules", "@seriousme", "openapi-schema-validator", "bin", "validate-api-cli.js");
        Assert.True(File.Exists(cli), $"The OpenAPI validator is missing at {cli}; run `scripts/servers.sh install` (npm ci in scripts/).");
        var file = Path.Combine(Path.GetTempPath(), $"nghean-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(cli);
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            var output = await stdout + await stderr;
            return (process.ExitCode == 0 && output.Contains("\"valid\": true", StringComparison.Ordinal), output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NgheAn.Platform.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains NgheAn.Platform.sln.");
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
