using NgheAn.Deployment.Tests.Rendering;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests;

public class SchemaTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_rendered_object_matches_its_Kubernetes_schema(string overlay)
    {
        var yaml = Tools.Kustomize(Path.Combine(Repository.K8s, "overlays", overlay));
        var errors = Documents(yaml).SelectMany(KubernetesSchema.Validate).ToList();
        Violations.None(errors);
    }

    [Theory]
    [InlineData("a misspelled field", "spec:\n  replicass: 1\n  selector: {matchLabels: {a: b}}\n  template: {spec: {containers: [{name: a, image: a:1.0}]}}", "replicass")]
    [InlineData("a field at the wrong level", "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n      readinessProbe: {grpc: {port: 8081}}\n      containers: [{name: a, image: a:1.0}]", "readinessProbe")]
    [InlineData("a value of the wrong type", "spec:\n  selector: {matchLabels: {a: b}}\n  template: {spec: {containers: [{name: a, image: a:1.0, ports: [{containerPort: http}]}]}}", "")]
    [InlineData("a list where a map belongs", "spec:\n  selector: [a]\n  template: {spec: {containers: [{name: a, image: a:1.0}]}}", "")]
    [InlineData("a missing required field", "spec:\n  selector: {matchLabels: {a: b}}\n  template: {spec: {containers: [{image: a:1.0}]}}", "containers[0].name: required")]
    [InlineData("a missing required number", "spec:\n  selector: {matchLabels: {a: b}}\n  template: {spec: {containers: [{name: a, image: a:1.0, readinessProbe: {grpc: {service: x}}}]}}", "grpc.port")]
    [InlineData("no selector", "spec:\n  template: {spec: {containers: [{name: a, image: a:1.0}]}}", "spec.selector: required")]
    public void A_Deployment_that_breaks_the_schema_is_caught(string what, string spec, string expected)
    {
        var errors = KubernetesSchema.Validate(Tree($"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n{spec}\n"));

        Assert.True(errors.Count > 0, what);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: a}\nspec: {maxUnavailable: 1}", "not a Kubernetes kind")]
    [InlineData("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a}\nspec: {}", "not a Kubernetes kind")]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {storage: {size: 1Gi}}", "spec.instances: required")]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: three, storage: {size: 1Gi}}", "not an integer")]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: 3, storage: {size: 1Gi}, instance: 3}", "spec.instance: not a field")]
    [InlineData("apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: a}\nspec: {replicas: 3, rabbitmq: {additionalPlugin: [rabbitmq_stream]}}", "additionalPlugin: not a field")]
    [InlineData("apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: a}", "spec: required")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{name: grpc, targetPort: grpc}]}", "ports[0].port")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {policyTypes: [Ingress], ingres: []}", "ingres")]
    public void Other_objects_that_break_their_schema_are_caught(string yaml, string expected)
    {
        var errors = KubernetesSchema.Validate(Tree(yaml));

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    private static IEnumerable<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    private static YamlMappingNode Tree(string yaml) => Documents(yaml).Single();
}
