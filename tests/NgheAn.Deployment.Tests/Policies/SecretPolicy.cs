using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// No secret value is written in the repository: no Secret carries data (Secrets are made by the
/// operators or the cluster's secret store), no environment variable or ConfigMap entry that names a
/// credential holds a literal, and connection strings take their passwords from Secret references.
/// </summary>
public static partial class SecretPolicy
{
    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests)
    {
        var list = manifests.ToList();
        foreach (var secret in OfKind<V1Secret>(list))
        {
            if (secret.Data is { Count: > 0 } || secret.StringData is { Count: > 0 })
            {
                yield return $"Secret/{secret.Metadata.Name}: holds literal values ({string.Join(", ", (secret.Data?.Keys ?? []).Concat(secret.StringData?.Keys ?? []))})";
            }
        }

        foreach (var map in OfKind<V1ConfigMap>(list))
        {
            foreach (var (key, value) in map.Data ?? new Dictionary<string, string>())
            {
                if (Problem(key, value) is { } problem)
                {
                    yield return $"ConfigMap/{map.Metadata.Name}: {key} {problem}";
                }
            }
        }

        foreach (var pod in PodTemplates(list))
        {
            foreach (var container in pod.AllContainers)
            {
                foreach (var env in container.Env ?? [])
                {
                    if (env.Value is not null && Problem(env.Name, env.Value) is { } problem)
                    {
                        yield return $"{pod}: container {container.Name}: env {env.Name} {problem}";
                    }
                }
            }
        }
    }

    private static string? Problem(string name, string value) =>
        CredentialName().IsMatch(name) && value.Length > 0 && !Reference().IsMatch(value) ? "is a credential written as a literal"
        : InlinePassword().Match(value) is { Success: true } m && !Reference().IsMatch(m.Groups["value"].Value) ? "has a password written in it"
        : null;

    [GeneratedRegex(@"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)$", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialName();

    /// <summary>password=… in a connection string, or the password part of user:password@host in a URI.</summary>
    [GeneratedRegex(@"(password\s*=\s*(?<value>[^;,]*))|(://[^/:@]+:(?<value>[^@]*)@)", RegexOptions.IgnoreCase)]
    private static partial Regex InlinePassword();

    /// <summary>A Kubernetes dependent variable, $(NAME), filled from a Secret reference at run time.</summary>
    [GeneratedRegex(@"^\$\([A-Za-z_][A-Za-z0-9_]*\)$")]
    private static partial Regex Reference();
}
