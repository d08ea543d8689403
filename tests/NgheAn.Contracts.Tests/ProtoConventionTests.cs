using System.Reflection;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using NgheAn.Contracts.Events;

namespace NgheAn.Contracts.Tests;

/// <summary>
/// Platform conventions buf lint cannot check, read from the compiled descriptors so every proto
/// added to Contracts is covered without listing it here. Each test reports all violations at once.
/// </summary>
public partial class ProtoConventionTests
{
    // Every generated *Reflection class of ours, found by reflection over the Contracts assembly.
    private static readonly FileDescriptor[] Files = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal)
                    && t.Namespace?.StartsWith("NgheAn.Contracts.", StringComparison.Ordinal) == true)
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .Select(p => (FileDescriptor)p!.GetValue(null)!)
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToArray();

    private static IEnumerable<MethodDescriptor> Methods => Files.SelectMany(f => f.Services).SelectMany(s => s.Methods);

    [Fact]
    public void Discovery_finds_the_known_protos()
    {
        // Guards the other tests against passing vacuously on an empty list.
        Assert.Contains(Files, f => f.Name == Directives.V1.DirectivesReflection.Descriptor.Name);
        Assert.Contains(Files, f => f.Name == Emulation.V1.EmulationReflection.Descriptor.Name);
    }

    [Fact]
    public void Packages_are_nghean_dot_service_dot_version()
    {
        var bad = Files.Where(f => !PackagePattern().IsMatch(f.Package)).Select(f => $"{f.Name}: package '{f.Package}'");

        Assert.Empty(bad);
    }

    [Fact]
    public void Every_method_has_an_http_annotation()
    {
        // Without one, JSON transcoding does not expose the method to front-end teams.
        var bad = Methods.Where(m => HttpRuleOf(m) is null).Select(m => m.FullName);

        Assert.Empty(bad);
    }

    [Fact]
    public void List_methods_are_paginated()
    {
        var bad = new List<string>();
        foreach (var method in Methods.Where(m => m.Name.StartsWith("List", StringComparison.Ordinal)))
        {
            bad.AddRange(MissingField(method.FullName, method.InputType, "page_size", FieldType.Int32));
            bad.AddRange(MissingField(method.FullName, method.InputType, "page_token", FieldType.String));
            bad.AddRange(MissingField(method.FullName, method.OutputType, "next_page_token", FieldType.String));
        }

        Assert.Empty(bad);
    }

    [Fact]
    public void Every_write_method_accepts_a_request_id()
    {
        // The gateway makes a write with a request_id safe to retry (AIP-155), as with an Idempotency-Key.
        var bad = new List<string>();
        foreach (var method in Methods.Where(m => HttpRuleOf(m) is { } rule && rule.PatternCase != HttpRule.PatternOneofCase.Get))
        {
            bad.AddRange(MissingField(method.FullName, method.InputType, "request_id", FieldType.String));
        }

        Assert.Empty(bad);
    }

    [Fact]
    public void Http_paths_start_with_the_package_version()
    {
        // Every current package is v1, so this means "/v1/"; a v2 package would serve "/v2/".
        var bad = new List<string>();
        foreach (var method in Methods)
        {
            var rule = HttpRuleOf(method);
            if (rule is null) continue; // reported by Every_method_has_an_http_annotation
            var prefix = $"/{method.File.Package.Split('.')[^1]}/";
            bad.AddRange(PathsOf(rule)
                .Where(path => !path.StartsWith(prefix, StringComparison.Ordinal))
                .Select(path => $"{method.FullName}: '{path}' does not start with '{prefix}'"));
        }

        Assert.Empty(bad);
    }

    private static HttpRule? HttpRuleOf(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

    // The rule's own path and those of its additional bindings.
    private static IEnumerable<string> PathsOf(HttpRule rule)
    {
        yield return rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
            _ => "",
        };
        foreach (var path in rule.AdditionalBindings.SelectMany(PathsOf)) yield return path;
    }

    private static IEnumerable<string> MissingField(string method, MessageDescriptor message, string name, FieldType type)
    {
        var field = message.FindFieldByName(name);
        if (field is null || field.FieldType != type || field.IsRepeated)
            yield return $"{method}: {message.Name} needs a singular {type} field '{name}'";
    }

    [GeneratedRegex(@"^nghean\.[a-z]+\.v[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PackagePattern();
}
