using NgheAn.Contracts;
using System.Text.RegularExpressions;
using Google.Api;

namespace NgheAn.Gateway.ApiDescription;

/// <summary>
/// The JSON routes of the contracts (their google.api.http rules), so the gateway can tell a path no
/// method has (404) from a known path called with an HTTP method it does not take (405).
/// </summary>
public static partial class JsonRoutes
{
    private static readonly Lazy<IReadOnlyList<(string Verb, Regex Path)>> Routes = new(() => ContractDescriptors.Services
        .SelectMany(service => service.Methods)
        .Select(method => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http))
        .OfType<HttpRule>()
        .SelectMany(rule => new[] { rule }.Concat(rule.AdditionalBindings))
        .Select(OpenApiDocumentBuilder.VerbAndPath)
        .Where(route => route.Verb is not null)
        .Select(route => (route.Verb!.ToUpperInvariant(), ToRegex(route.Template!)))
        .ToList());

    /// <summary>The HTTP methods some route takes at this path; empty when no route has it.</summary>
    public static IReadOnlyList<string> MethodsAt(string path) =>
        Routes.Value.Where(route => route.Path.IsMatch(path)).Select(route => route.Verb).Distinct().Order(StringComparer.Ordinal).ToList();

    // "/v1/documents/{id}:issue" → ^/v1/documents/[^/]+:issue$ (a variable is one path segment).
    private static Regex ToRegex(string template) =>
        new("^" + string.Join("[^/]+", Variable().Split(template).Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Variable();
}
