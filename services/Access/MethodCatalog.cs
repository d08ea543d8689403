using System.Collections.Frozen;
using Google.Api;
using Google.Protobuf.Reflection;
using NgheAn.Contracts.Common.V1;

namespace NgheAn.Access;

/// <summary>One method's access declaration, read from its contract.</summary>
public sealed record MethodDeclaration(string FullName, IReadOnlySet<string> Roles, bool Write, bool SubtreeOnly, MethodDescriptor Descriptor);

/// <summary>
/// Every method's access, as its contract declares it ((nghean.common.v1.access) on the rpc): the
/// roles that may call it, whether it is personal, and whether it changes anything (its
/// google.api.http rule is not a GET). A method without a declaration is refused to everyone.
/// </summary>
public sealed class MethodCatalog
{
    private readonly FrozenDictionary<string, MethodDeclaration> _methods;
    private readonly FrozenSet<string> _services;

    public MethodCatalog(IEnumerable<ServiceDescriptor> services)
    {
        var list = services.ToList();
        _services = list.Select(s => s.FullName).ToFrozenSet(StringComparer.Ordinal);
        _methods = list.SelectMany(s => s.Methods)
            .Select(Declare)
            .OfType<MethodDeclaration>()
            .ToFrozenDictionary(m => $"/{m.Descriptor.Service.FullName}/{m.Descriptor.Name}", StringComparer.Ordinal);
    }

    /// <summary>Whether the method (a path "/package.Service/Method") belongs to the platform's APIs, not to health or reflection.</summary>
    public bool Governs(string method) => method.Split('/') is [_, var service, _] && _services.Contains(service);

    /// <summary>The declaration of a gRPC method by its path, or null.</summary>
    public MethodDeclaration? Find(string method) => _methods.GetValueOrDefault(method);

    public static MethodDeclaration? Declare(MethodDescriptor method)
    {
        var options = method.GetOptions();
        var access = options?.GetExtension(AccessExtensions.Access);
        if (access is null)
        {
            return null;
        }

        var http = options!.GetExtension(AnnotationsExtensions.Http);
        var write = http is null || http.PatternCase != HttpRule.PatternOneofCase.Get;
        return new MethodDeclaration(method.FullName, access.Roles.ToHashSet(StringComparer.Ordinal), write, access.SubtreeOnly, method);
    }
}
