using System.Reflection;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using NgheAn.Contracts.Directives.V1;

namespace NgheAn.Contracts;

/// <summary>
/// Every proto file of the platform's API, found in the Contracts assembly: the static Descriptor of
/// each generated *Reflection class in a NgheAn.Contracts.* namespace. A new service's protos are
/// picked up without touching the gateway, the access model or the tests that walk every method.
/// </summary>
public static class ContractDescriptors
{
    private static readonly Lazy<IReadOnlyList<FileDescriptor>> Files = new(Find);

    public static IReadOnlyList<FileDescriptor> All => Files.Value;

    public static IEnumerable<ServiceDescriptor> Services => All.SelectMany(file => file.Services);

    private static IReadOnlyList<FileDescriptor> Find() =>
        typeof(DirectivesReflection).Assembly.GetExportedTypes()
            .Where(type => type.Namespace?.StartsWith("NgheAn.Contracts.", StringComparison.Ordinal) == true
                && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
}
