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
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: ScheduledBackup\nmetadata: {name: a}\nspec: {cluster: {name: a-db}}", "ScheduledBackup/a: spec.schedule: required")]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: three, storage: {size: 1Gi}}", "not an integer")]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: 3, storage: {size: 1Gi}, instance: 3}", "spec.instance: not a field")]
    [InlineData("apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: a}\nspec: {replicas: 3, rabbitmq: {additionalPlugin: [rabbitmq_stream]}}", "additionalPlugin: not a field")]
    [InlineData("apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: a}\nspec: {replicas: three}", "RabbitmqCluster/a: spec.replicas: 'three' is not an integer")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{name: grpc, targetPort: grpc}]}", "ports[0].port")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {policyTypes: [Ingress], ingres: []}", "ingres")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Platform_Settings}", "metadata.name: 'Platform_Settings' is not a DNS subdomain")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {app: 'two words'}}", "metadata.labels.app: 'two words' is not a label value")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {app: a}}", "metadata.name: required")]
    public void Other_objects_that_break_their_schema_are_caught(string yaml, string expected)
    {
        var errors = KubernetesSchema.Validate(Tree(yaml));

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>Custom resources are checked against the operators' whole CRD schemas, the way the API server checks them.</summary>
    [Theory]
    [InlineData("a value outside an enum", "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: 3, primaryUpdateStrategy: sometimes}", "Cluster/a: spec.primaryUpdateStrategy: 'sometimes' is not one of unsupervised, supervised")]
    [InlineData("a quantity that is not one", "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: 3, resources: {requests: {memory: 1 GB}}}", "Cluster/a: spec.resources.requests.memory: '1 GB' does not match the pattern")]
    [InlineData("a number below the minimum", "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: a}\nspec: {gatewayClassName: c, listeners: [{name: web, port: 0, protocol: HTTP}]}", "Gateway/a: spec.listeners[0].port: 0 is below the minimum 1")]
    [InlineData("two list entries with one key", "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: a}\nspec: {gatewayClassName: c, listeners: [{name: web, port: 80, protocol: HTTP}, {name: web, port: 81, protocol: HTTP}]}", "spec.listeners: duplicate entry web")]
    [InlineData("a misspelled field deep in a route", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: a}\nspec: {rules: [{backendRefs: [{name: gateway, prot: 8080}]}]}", "HTTPRoute/a: spec.rules[0].backendRefs[0].prot: not a field of the CRD schema")]
    [InlineData("a string where the schema has a list", "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: a}\nspec: {groups: [{name: g, rules: 'alert: X'}]}", "PrometheusRule/a: spec.groups[0].rules: 'alert: X' is not a list")]
    [InlineData("a required field of an object store", "apiVersion: barmancloud.cnpg.io/v1\nkind: ObjectStore\nmetadata: {name: a}\nspec: {configuration: {s3Credentials: {inheritFromIAMRole: true}}}", "ObjectStore/a: spec.configuration.destinationPath: required")]
    [InlineData("an unknown field in metadata", "apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: a, label: {app: x}}\nspec: {}", "label")]
    [InlineData("a name Kubernetes refuses", "apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: Rabbit_MQ}\nspec: {}", "RabbitmqCluster/Rabbit_MQ: metadata.name: 'Rabbit_MQ' is not a DNS subdomain")]
    [InlineData("no name", "apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {labels: {app: x}}\nspec: {}", "metadata.name: required")]
    [InlineData("a version the CRD does not serve", "apiVersion: postgresql.cnpg.io/v2\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: 3}", "Cluster/a: postgresql.cnpg.io/v2 is not served by the CRD")]
    [InlineData("a status written by hand", "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: a}\nspec: {instances: 3}\nstatus: {phase: healthy}", "Cluster/a: status: written by the operator")]
    [InlineData("a kind no pinned operator defines", "apiVersion: k8s.keycloak.org/v2alpha1\nkind: Keycloak\nmetadata: {name: a}\nspec: {instances: 1}", "not a Kubernetes kind")]
    [InlineData("a certificate without its issuer", "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a}\nspec: {secretName: a, dnsNames: [api.nghean.gov.vn]}", "Certificate/a: spec.issuerRef: required")]
    public void A_custom_resource_that_breaks_its_CRD_is_caught(string what, string yaml, string expected)
    {
        var errors = KubernetesSchema.Validate(Tree(yaml));

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"{what}: expected '{expected}' in:\n{string.Join("\n", errors.DefaultIfEmpty("(no errors)"))}");
    }

    /// <summary>The validator accepts what the operators document (so the failures above are not noise).</summary>
    [Theory]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: directives-db, labels: {app.kubernetes.io/part-of: nghean-platform}}\nspec:\n  instances: 3\n  imageName: ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie\n  storage: {size: 20Gi}\n  resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 1Gi}}\n  postgresql: {parameters: {max_connections: '200'}}\n  plugins: [{name: barman-cloud.cloudnative-pg.io, isWALArchiver: true, parameters: {barmanObjectName: backups}}]")]
    [InlineData("apiVersion: postgresql.cnpg.io/v1\nkind: ScheduledBackup\nmetadata: {name: daily}\nspec: {schedule: '0 0 2 * * *', cluster: {name: directives-db}, method: plugin, pluginConfiguration: {name: barman-cloud.cloudnative-pg.io}}")]
    [InlineData("apiVersion: barmancloud.cnpg.io/v1\nkind: ObjectStore\nmetadata: {name: backups}\nspec: {retentionPolicy: 30d, configuration: {destinationPath: 's3://backups/', s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}, wal: {compression: gzip}}}")]
    [InlineData("apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public}\nspec: {gatewayClassName: eg, listeners: [{name: https, port: 443, protocol: HTTPS, hostname: api.nghean.gov.vn, tls: {mode: Terminate, certificateRefs: [{name: gateway-tls}]}}]}")]
    [InlineData("apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: grpc}\nspec: {parentRefs: [{name: public}], hostnames: [grpc.api.nghean.gov.vn], rules: [{backendRefs: [{name: gateway, port: 8081}]}]}")]
    [InlineData("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: platform}\nspec: {groups: [{name: platform, rules: [{alert: ErrorQueue, expr: 'rabbitmq_queue_messages{queue=~\".*_error\"} > 0', for: 5m, labels: {severity: page}}]}]}")]
    [InlineData("apiVersion: rabbitmq.com/v1beta1\nkind: RabbitmqCluster\nmetadata: {name: rabbitmq}\nspec: {replicas: 3, image: 'rabbitmq:4.3.5-management', persistence: {storage: 20Gi}, rabbitmq: {additionalPlugins: [rabbitmq_stream]}}")]
    public void A_custom_resource_as_its_operator_documents_it_passes(string yaml) =>
        Violations.None(KubernetesSchema.Validate(Tree(yaml)));

    private static IEnumerable<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    internal static YamlMappingNode Tree(string yaml) => Documents(yaml).Single();
}

/// <summary>The parts of structural schemas the pinned CRDs use rarely or not at all, on a small schema of their own.</summary>
public class StructuralSchemaTests
{
    private const string Schema = """
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, format: int32, minimum: 1}
              port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
              at: {type: string, format: date-time}
              note: {type: string, nullable: true, maxLength: 5}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {known: {type: boolean}}}
              template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {type: object, properties: {a: {type: string}}}}}
              mode: {type: string, default: fast, enum: [fast, safe]}
              target:
                type: object
                oneOf: [{required: [bucket]}, {required: [path]}]
                properties: {bucket: {type: string}, path: {type: string}}
        """;

    [Theory]
    [InlineData("spec: {size: 3, port: 8080, at: '2026-12-07T10:00:00Z', note: null, extra: {known: true, anything: [1, 2]}, template: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {a: x}}, target: {bucket: b}}")]
    [InlineData("spec: {size: 3, port: http}")]
    public void A_value_the_schema_allows_passes(string yaml) => Assert.Empty(Validate(yaml));

    [Theory]
    [InlineData("spec: {size: 3000000000}", "spec.size: 3000000000 does not fit in int32")]
    [InlineData("spec: {size: 0}", "spec.size: 0 is below the minimum 1")]
    [InlineData("spec: {size: 1, port: 1.5}", "spec.port: '1.5' is not an integer or a string")]
    [InlineData("spec: {size: 1, at: yesterday}", "spec.at: 'yesterday' is not an RFC 3339 date-time")]
    [InlineData("spec: {size: 1, note: longer}", "spec.note: 'longer' is longer than 5 characters")]
    [InlineData("spec: {size: null}", "spec.size: empty (null), but the schema does not allow null here")]
    [InlineData("spec: {size: 1, extra: {known: yes-ish}}", "spec.extra.known: 'yes-ish' is not true or false")]
    [InlineData("spec: {size: 1, template: {metadata: {name: p, labelz: {}}}}", "spec.template.metadata")]
    [InlineData("spec: {size: 1, template: {spec: {b: x}}}", "spec.template.spec.b: not a field of the CRD schema")]
    [InlineData("spec: {size: 1, target: {bucket: b, path: p}}", "spec.target: matches more than one of the schema's exclusive alternatives")]
    [InlineData("spec: {size: 1, target: {}}", "spec.target: matches none of the schema's alternatives")]
    [InlineData("spec: {size: 1, mode: slow}", "spec.mode: 'slow' is not one of fast, safe")]
    [InlineData("spec: {size: '1'}", "spec.size: '1' is not an integer")]
    public void A_value_the_schema_refuses_is_caught(string yaml, string expected) =>
        Violations.Found(Validate(yaml), expected);

    private static List<string> Validate(string yaml)
    {
        var errors = new List<string>();
        StructuralSchema.Read(SchemaTests.Tree(Schema)).ValidateResource(SchemaTests.Tree("apiVersion: x/v1\nkind: X\nmetadata: {name: a}\n" + yaml), errors);
        return errors;
    }
}
