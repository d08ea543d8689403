using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Policies;
using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests;

/// <summary>
/// components/identity-keycloak added to dev, as the runbook tells an operator to do: the platform
/// checks tokens with that Keycloak, the policies let exactly the platform's pods reach it, and the
/// realm gives tokens what the code reads (the roles of PlatformRoles, "unit", the audience). No
/// overlay includes the component yet: the Keycloak CRDs are not pinned (k8s/versions.yaml), so its
/// two custom resources cannot be validated; everything else in it is, here.
/// </summary>
public partial class WiringTests
{
    private static readonly Lazy<IReadOnlyList<Manifest>> DevWithKeycloak = new(() => Manifest.Parse(Tools.Kustomize(Composed("dev", "identity-keycloak"))));

    private static IReadOnlyList<Manifest> WithKeycloak => DevWithKeycloak.Value;

    [Fact]
    public void With_Keycloak_every_platform_pod_checks_tokens_with_it_and_every_setting_is_read()
    {
        Violations.None(TokenChecking(WithKeycloak));
        Violations.None(UnreadSettings(WithKeycloak));
        Violations.None(ExposurePolicy.Check(WithKeycloak));

        var keycloak = Single(WithKeycloak, "Keycloak");
        var realm = Scalar(Single(WithKeycloak, "KeycloakRealmImport").Tree, "spec", "realm", "realm");
        var service = $"{keycloak.Name}-service"; // the operator's Service for a Keycloak object
        var port = Scalar(keycloak.Tree, "spec", "http", "httpPort");
        foreach (var container in Workloads.PodTemplates(WithKeycloak).Where(p => p.IsPlatform).SelectMany(p => p.AllContainers))
        {
            Assert.Equal($"http://{service}:{port}/realms/{realm}", Environment(WithKeycloak, container)["Auth__Authority"]);
        }
    }

    [Fact]
    public void With_Keycloak_its_objects_other_than_the_two_custom_resources_match_their_schemas()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Tools.Kustomize(Composed("dev", "identity-keycloak"))));
        var errors = stream.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Where(tree => Manifest.Scalar(tree, "apiVersion") != KeycloakApi)
            .SelectMany(KubernetesSchema.Validate);

        Violations.None(errors);
    }

    [Fact]
    public void Only_the_gateway_and_the_services_reach_Keycloak_and_they_reach_nothing_else_for_tokens()
    {
        var keycloak = Single(WithKeycloak, "Keycloak");
        var port = int.Parse(Scalar(keycloak.Tree, "spec", "http", "httpPort"), System.Globalization.CultureInfo.InvariantCulture);
        var keycloakPod = new Dictionary<string, string> { ["app"] = "keycloak", ["app.kubernetes.io/managed-by"] = "keycloak-operator", ["app.kubernetes.io/instance"] = keycloak.Name };
        var policies = Workloads.OfKind<V1NetworkPolicy>(WithKeycloak).ToList();

        var egress = policies.Single(p => p.Metadata.Name == "identity-provider").Spec.Egress;
        var rule = Assert.Single(egress);
        Assert.Equal([port], rule.Ports.Select(p => int.Parse(p.Port.Value, System.Globalization.CultureInfo.InvariantCulture)));
        var peer = Assert.Single(rule.To);
        Assert.Null(peer.IpBlock);
        Assert.True(Workloads.Matches(peer.PodSelector, keycloakPod), "identity-provider leads to Keycloak's pods");

        var admitted = policies.Where(p => Workloads.Matches(p.Spec.PodSelector, keycloakPod))
            .SelectMany(p => p.Spec.Ingress ?? [])
            .Where(r => (r.Ports ?? []).Any(p => p.Port.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .SelectMany(r => r.FromProperty ?? [new V1NetworkPolicyPeer()])
            .ToList();
        Assert.NotEmpty(admitted);
        Assert.All(admitted, from =>
        {
            Assert.Null(from.NamespaceSelector);
            Assert.Null(from.IpBlock);
            var selector = Assert.IsType<V1LabelSelector>(from.PodSelector);
            foreach (var pod in Workloads.PodTemplates(WithKeycloak).Where(p => Workloads.Matches(selector, p.Labels)))
            {
                Assert.True(pod.IsPlatform && pod.Role is "gateway" or "service", $"{pod} may reach Keycloak");
            }
        });
        Assert.Equal("false", Scalar(keycloak.Tree, "spec", "networkPolicy", "enabled")); // the operator's own admits every pod
    }

    [Fact]
    public void Keycloak_keeps_its_data_in_its_own_CloudNativePG_cluster()
    {
        var db = (YamlMappingNode)Single(WithKeycloak, "Keycloak").Tree["spec"]["db"];
        var cluster = WithKeycloak.Single(m => m.Kind == "Cluster" && $"{m.Name}-rw" == Manifest.Scalar(db, "host"));

        Assert.Equal("postgres", Manifest.Scalar(db, "vendor"));
        Assert.Equal(Scalar(cluster.Tree, "spec", "bootstrap", "initdb", "database"), Manifest.Scalar(db, "database"));
        Assert.Equal($"{cluster.Name}-app", Scalar(db, "usernameSecret", "name"));
        Assert.Equal($"{cluster.Name}-app", Scalar(db, "passwordSecret", "name"));
    }

    [Fact]
    public void The_realm_gives_tokens_the_platforms_roles_unit_and_audience()
    {
        var realm = (YamlMappingNode)Single(WithKeycloak, "KeycloakRealmImport").Tree["spec"]["realm"];
        var roles = ((YamlSequenceNode)realm["roles"]["realm"]).Select(r => Manifest.Scalar((YamlMappingNode)r, "name"));
        Assert.Equal(PlatformSourceConstants("PlatformRoles.cs", @"const string \w+ = ""([a-z-]+)"";").Order(), roles.Order());

        var client = ((YamlSequenceNode)realm["clients"]).Cast<YamlMappingNode>()
            .Single(c => Manifest.Scalar(c, "clientId") == Assert.Single(PlatformSourceConstants("PlatformAuthentication.cs", @"DefaultAudience = ""([a-z-]+)"";")));
        var mappers = ((YamlSequenceNode)client["protocolMappers"]).Cast<YamlMappingNode>()
            .ToDictionary(m => Manifest.Scalar(m, "protocolMapper"), m => (YamlMappingNode)m["config"]);
        Assert.Equal(Manifest.Scalar(client, "clientId"), Manifest.Scalar(mappers["oidc-audience-mapper"], "included.client.audience"));
        Assert.Equal("role", Manifest.Scalar(mappers["oidc-usermodel-realm-role-mapper"], "claim.name"));
        Assert.Equal("true", Manifest.Scalar(mappers["oidc-usermodel-realm-role-mapper"], "multivalued"));
        Assert.Equal("unit", Manifest.Scalar(mappers["oidc-usermodel-attribute-mapper"], "claim.name"));
        Assert.All(mappers.Values, config => Assert.Equal("true", Manifest.Scalar(config, "access.token.claim")));

        // The attribute the unit comes from exists, and only administrators may change it.
        var attribute = Manifest.Scalar(mappers["oidc-usermodel-attribute-mapper"], "user.attribute");
        var profile = ((YamlSequenceNode)realm["components"]["org.keycloak.userprofile.UserProfileProvider"]).Cast<YamlMappingNode>().Single();
        using var config = JsonDocument.Parse(((YamlScalarNode)((YamlSequenceNode)profile["config"]["kc.user.profile.config"])[0]).Value!);
        var unit = config.RootElement.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == attribute);
        Assert.Equal(["admin"], unit.GetProperty("permissions").GetProperty("edit").EnumerateArray().Select(e => e.GetString()));
    }

    private const string KeycloakApi = "k8s.keycloak.org/v2beta1";

    private static Manifest Single(IReadOnlyList<Manifest> manifests, string kind) =>
        manifests.Single(m => m.ApiVersion == KeycloakApi && m.Kind == kind);

    private static string Scalar(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n)[key]) is YamlScalarNode scalar ? scalar.Value ?? "" : "";

    /// <summary>The values of string constants in a file of services/ServiceDefaults/Security.</summary>
    private static IEnumerable<string> PlatformSourceConstants(string file, string pattern) =>
        Regex.Matches(File.ReadAllText(Path.Combine(Repository.Root, "services", "ServiceDefaults", "Security", file)), pattern).Select(m => m.Groups[1].Value);

    /// <summary>A kustomization (in the build output) of an overlay with one more component, as an operator would add it.</summary>
    private static string Composed(string overlay, string component)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "composed", $"{overlay}+{component}");
        Directory.CreateDirectory(dir);
        string Relative(params string[] parts) => Path.GetRelativePath(dir, Path.Combine([Repository.K8s, .. parts])).Replace('\\', '/');
        File.WriteAllText(Path.Combine(dir, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: nghean-{overlay}
            resources: [{Relative("overlays", overlay)}]
            components: [{Relative("components", component)}]
            """);
        return dir;
    }
}
