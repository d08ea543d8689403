using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests;

/// <summary>Every setting the manifests give the platform is one its code reads, and tokens are checked as in production.</summary>
public partial class WiringTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_platform_pod_checks_tokens_with_a_provider_and_never_the_development_key(string overlay) =>
        Violations.None(TokenChecking(Overlays.Render(overlay)));

    public static TheoryData<string, Func<IReadOnlyList<Manifest>>, string> WrongTokenChecking => new()
    {
        {
            "an overlay in Development",
            () => WithPlatformSettings(Overlays.Dev, c => c.Data["ASPNETCORE_ENVIRONMENT"] = "Development"),
            "Job/directives-migrate: container migrate: runs as Development, which accepts the public development key"
        },
        {
            "no provider",
            () => WithPlatformSettings(Overlays.Production, c => c.Data.Remove("Auth__Authority")),
            "Deployment/gateway: container app: sets neither Auth__Authority nor Auth__JwksUrl"
        },
        {
            "a provider over plain HTTP without saying so",
            () => WithPlatformSettings(WithKeycloak, c => c.Data.Remove("Auth__RequireHttpsMetadata")),
            "Deployment/emulation: container app: Auth__Authority 'http://keycloak-service:8080/realms/nghean' is not https"
        },
    };

    [Theory]
    [MemberData(nameof(WrongTokenChecking))]
    public void A_pod_that_would_accept_development_tokens_or_not_start_is_caught(string what, Func<IReadOnlyList<Manifest>> manifests, string expected)
    {
        Assert.NotNull(what);
        Violations.Found(TokenChecking(manifests()), expected);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_setting_given_to_the_platform_is_read_by_its_code(string overlay) =>
        Violations.None(UnreadSettings(Overlays.Render(overlay)));

    [Theory]
    [InlineData("Auth__Authorty", "https://id.nghean.gov.vn/realms/nghean")]
    [InlineData("Auth__Claims__Roles", "realm_access.roles")]
    [InlineData("Atuh__Authority", "https://id.nghean.gov.vn/realms/nghean")]
    [InlineData("DATABASE_HOTS", "directives-db-rw")]
    public void A_misspelled_setting_is_caught(string key, string value)
    {
        var manifests = WithPlatformSettings(Overlays.Production, c => c.Data[key] = value);

        Violations.Found(UnreadSettings(manifests), $"ConfigMap/platform: {key} is read by no code");
    }

    /// <summary>
    /// Each container of a platform pod (migrate steps too: they start the same host) checks tokens with
    /// an OpenID Connect provider or a key set, over HTTPS unless the manifests say otherwise (else the
    /// host refuses to start), and none runs as Development (which trusts the public development key).
    /// </summary>
    private static IEnumerable<string> TokenChecking(IReadOnlyList<Manifest> manifests)
    {
        foreach (var pod in Workloads.PodTemplates(manifests).Where(p => p.IsPlatform))
        {
            foreach (var container in pod.AllContainers)
            {
                var env = Environment(manifests, container);
                var where = $"{pod}: container {container.Name}";
                foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
                {
                    if (env.TryGetValue(name, out var environment) && environment.Equals("Development", StringComparison.OrdinalIgnoreCase))
                    {
                        yield return $"{where}: runs as Development, which accepts the public development key";
                    }
                }

                var providers = new[] { "Auth__Authority", "Auth__JwksUrl" }.Where(k => !string.IsNullOrWhiteSpace(env.GetValueOrDefault(k))).ToList();
                if (providers.Count == 0)
                {
                    yield return $"{where}: sets neither Auth__Authority nor Auth__JwksUrl: no way to check tokens";
                }

                var httpsWaived = env.GetValueOrDefault("Auth__RequireHttpsMetadata")?.Equals("false", StringComparison.OrdinalIgnoreCase) == true;
                foreach (var key in providers.Where(k => !env[k].StartsWith("https://", StringComparison.Ordinal) && !httpsWaived))
                {
                    yield return $"{where}: {key} '{env[key]}' is not https and Auth__RequireHttpsMetadata is not false: the host refuses to start";
                }
            }
        }
    }

    // Read by the .NET host, ASP.NET Core (logging, connection strings), the OpenTelemetry SDK
    // (OTEL_*), service discovery (services__<name>__<endpoint>__<n>) or Npgsql (PGSSLROOTCERT: the CA
    // of VerifyFull connections), not by the platform's own code.
    private static readonly string[] ReadByLibraries = ["ASPNETCORE_ENVIRONMENT", "DOTNET_SHUTDOWNTIMEOUTSECONDS", "PGSSLROOTCERT"];
    private static readonly string[] PrefixesReadByLibraries = ["OTEL_", "services__", "ConnectionStrings__", "Logging__"];

    /// <summary>
    /// An entry of a ConfigMap that platform containers load is used when an env value of one of them
    /// refers to it ($(NAME)), when the code reads it, or when a library named above reads it. The
    /// code reads a one-word key when a source file has it as a string; a configuration path
    /// (Section__…__Name) when one source file has both its section as a string and its name as a
    /// string or a path part ("Name", :Name") or as an options property (Name { get). Anything else
    /// is a misspelling or a leftover: it does nothing.
    /// </summary>
    private static IEnumerable<string> UnreadSettings(IReadOnlyList<Manifest> manifests)
    {
        var source = PlatformSource.Value;
        var containers = Workloads.PodTemplates(manifests).Where(p => p.IsPlatform).SelectMany(p => p.AllContainers).ToList();
        foreach (var map in Workloads.OfKind<V1ConfigMap>(manifests))
        {
            var loading = containers.Where(c => (c.EnvFrom ?? []).Any(e => e.ConfigMapRef?.Name == map.Metadata.Name)).ToList();
            var references = string.Join("\n", loading.SelectMany(c => (c.Env ?? []).Select(e => e.Value).Concat(c.Args ?? [])));
            foreach (var key in loading.Count == 0 ? [] : (map.Data ?? new Dictionary<string, string>()).Keys)
            {
                var used = references.Contains($"$({key})", StringComparison.Ordinal)
                    || ReadByLibraries.Contains(key)
                    || PrefixesReadByLibraries.Any(p => key.StartsWith(p, StringComparison.Ordinal))
                    || ReadByCode(key, source);
                if (!used)
                {
                    yield return $"ConfigMap/{GeneratedName(map.Metadata.Name)}: {key} is read by no code (nor referred to as $({key}) by the containers that load it)";
                }
            }
        }
    }

    private static bool ReadByCode(string key, IReadOnlyList<string> sources)
    {
        var path = key.Split("__").Where(part => !part.All(char.IsAsciiDigit)).ToArray();
        if (path.Length == 1)
        {
            return sources.Any(source => source.Contains($"\"{key}\"", StringComparison.Ordinal));
        }

        var (section, name) = (Regex.Escape(path[0]), Regex.Escape(path[^1]));
        return sources.Any(source => Regex.IsMatch(source, $"\"{section}[\":]")
            && Regex.IsMatch(source, $@"[""\:]{name}""|\b{name}\s*{{\s*get"));
    }

    /// <summary>The overlay with the shared ConfigMap "platform" (whatever its hash) changed on a copy.</summary>
    private static IReadOnlyList<Manifest> WithPlatformSettings(IReadOnlyList<Manifest> manifests, Action<V1ConfigMap> change) =>
        Overlays.With(manifests, manifests.Single(m => m.Kind == "ConfigMap" && GeneratedName(m.Name) == "platform").Name, change);

    /// <summary>The name kustomize generated from, without its content hash ("platform-7g2k…" → "platform").</summary>
    private static string GeneratedName(string name) => ConfigMapHash().Replace(name, "");

    /// <summary>The C# the platform runs, file by file: services and gateway, not tests and not build output.</summary>
    private static readonly Lazy<IReadOnlyList<string>> PlatformSource = new(() => (
        new[] { "services", "gateway" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(Repository.Root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)).ToList());

    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex ConfigMapHash();
}
