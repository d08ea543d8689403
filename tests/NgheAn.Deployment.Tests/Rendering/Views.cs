using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// Reads a rendered custom resource (no typed Kubernetes model) into a small view class holding only
/// the fields a check needs; other fields are ignored here, because matching the CRD is the schema
/// tests' business.
/// </summary>
public static class Views
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>The objects of this apiVersion group and kind, read as <typeparamref name="T"/>.</summary>
    public static IEnumerable<T> Of<T>(IEnumerable<Manifest> manifests, string group, string kind) =>
        manifests.Where(m => m.ApiVersion.StartsWith(group + "/", StringComparison.Ordinal) && m.Kind == kind)
            .Select(m => Reader.Deserialize<T>(Manifest.Serialize(m.Tree)));
}
