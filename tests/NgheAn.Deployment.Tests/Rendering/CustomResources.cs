using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// The parts of the CRD schemas of the custom resources the repository uses: CloudNativePG
/// <c>postgresql.cnpg.io/v1 Cluster</c> and RabbitMQ Cluster Operator <c>rabbitmq.com/v1beta1
/// RabbitmqCluster</c>. Unknown fields, wrong types and missing required fields are errors; blocks
/// that embed Kubernetes types (affinity, resources) are checked by shape only.
/// </summary>
public static class CustomResources
{
    public static IReadOnlyDictionary<string, Func<YamlMappingNode, IReadOnlyList<string>>> Validators =>
        new Dictionary<string, Func<YamlMappingNode, IReadOnlyList<string>>>
        {
            ["postgresql.cnpg.io/v1/Cluster"] = tree => Check(tree, Resource(CnpgClusterSpec), "Cluster"),
            ["rabbitmq.com/v1beta1/RabbitmqCluster"] = tree => Check(tree, Resource(RabbitmqClusterSpec), "RabbitmqCluster"),
        };

    private abstract record Schema;

    private sealed record Obj(IReadOnlyDictionary<string, Schema> Fields, params string[] Required) : Schema;

    private sealed record ListOf(Schema Item) : Schema;

    private sealed record Value(Func<string, bool> Accepts, string Description) : Schema;

    /// <summary>A map whose content is a Kubernetes type (affinity, resources…): any map.</summary>
    private sealed record AnyMap : Schema;

    private static readonly Value Text = new(_ => true, "a string");
    private static readonly Value Integer = new(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _), "an integer");
    private static readonly Value Boolean = new(v => v is "true" or "false", "true or false");
    private static readonly Value Quantity = new(v => System.Text.RegularExpressions.Regex.IsMatch(v, @"^[0-9.]+(m|k|Ki|Mi|Gi|Ti|M|G|T)?$"), "a quantity");

    private static Value OneOf(params string[] values) => new(values.Contains, "one of " + string.Join(", ", values));

    private static Obj Resource(Obj spec) => new(new Dictionary<string, Schema>
    {
        ["apiVersion"] = Text,
        ["kind"] = Text,
        ["metadata"] = new Obj(new Dictionary<string, Schema>
        {
            ["name"] = Text,
            ["namespace"] = Text,
            ["labels"] = new AnyMap(),
            ["annotations"] = new AnyMap(),
        }, "name"),
        ["spec"] = spec,
    }, "metadata", "spec");

    // https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-ClusterSpec
    private static readonly Obj CnpgClusterSpec = new(new Dictionary<string, Schema>
    {
        ["instances"] = Integer,
        ["imageName"] = Text,
        ["primaryUpdateStrategy"] = OneOf("unsupervised", "supervised"),
        ["primaryUpdateMethod"] = OneOf("switchover", "restart"),
        ["enableSuperuserAccess"] = Boolean,
        ["description"] = Text,
        ["bootstrap"] = new Obj(new Dictionary<string, Schema>
        {
            ["initdb"] = new Obj(new Dictionary<string, Schema>
            {
                ["database"] = Text,
                ["owner"] = Text,
                ["secret"] = new Obj(new Dictionary<string, Schema> { ["name"] = Text }, "name"),
                ["encoding"] = Text,
                ["localeCollate"] = Text,
                ["localeCType"] = Text,
            }),
        }),
        ["storage"] = new Obj(new Dictionary<string, Schema>
        {
            ["size"] = Quantity,
            ["storageClass"] = Text,
        }, "size"),
        ["affinity"] = new Obj(new Dictionary<string, Schema>
        {
            ["enablePodAntiAffinity"] = Boolean,
            ["topologyKey"] = Text,
            ["podAntiAffinityType"] = OneOf("preferred", "required"),
        }),
        ["resources"] = new AnyMap(),
        ["postgresql"] = new AnyMap(),
        ["monitoring"] = new AnyMap(),
        ["backup"] = new AnyMap(),
    }, "instances", "storage");

    // https://www.rabbitmq.com/kubernetes/operator/using-operator (RabbitmqClusterSpec)
    private static readonly Obj RabbitmqClusterSpec = new(new Dictionary<string, Schema>
    {
        ["replicas"] = Integer,
        ["image"] = Text,
        ["resources"] = new AnyMap(),
        ["affinity"] = new AnyMap(),
        ["tolerations"] = new ListOf(new AnyMap()),
        ["persistence"] = new Obj(new Dictionary<string, Schema>
        {
            ["storage"] = Quantity,
            ["storageClassName"] = Text,
        }),
        ["rabbitmq"] = new Obj(new Dictionary<string, Schema>
        {
            ["additionalPlugins"] = new ListOf(Text),
            ["additionalConfig"] = Text,
            ["advancedConfig"] = Text,
            ["envConfig"] = Text,
        }),
        ["service"] = new Obj(new Dictionary<string, Schema>
        {
            ["type"] = OneOf("ClusterIP", "LoadBalancer", "NodePort"),
            ["annotations"] = new AnyMap(),
        }),
        ["tls"] = new AnyMap(),
        ["override"] = new AnyMap(),
        ["terminationGracePeriodSeconds"] = Integer,
        ["skipPostDeploySteps"] = Boolean,
    });

    private static IReadOnlyList<string> Check(YamlMappingNode tree, Schema schema, string path)
    {
        var errors = new List<string>();
        Check(tree, schema, path, errors);
        return errors;
    }

    private static void Check(YamlNode node, Schema schema, string path, List<string> errors)
    {
        switch (schema, node)
        {
            case (Obj obj, YamlMappingNode map):
                foreach (var (key, child) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    if (obj.Fields.TryGetValue(name, out var fieldSchema))
                    {
                        Check(child, fieldSchema, $"{path}.{name}", errors);
                    }
                    else
                    {
                        errors.Add($"{path}.{name}: not a field of the CRD schema");
                    }
                }

                errors.AddRange(obj.Required.Where(r => !map.Children.ContainsKey(r)).Select(r => $"{path}.{r}: required"));
                break;
            case (AnyMap, YamlMappingNode):
                break;
            case (ListOf list, YamlSequenceNode sequence):
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Check(sequence.Children[i], list.Item, $"{path}[{i}]", errors);
                }

                break;
            case (Value value, YamlScalarNode scalar):
                if (!value.Accepts(scalar.Value ?? ""))
                {
                    errors.Add($"{path}: '{scalar.Value}' is not {value.Description}");
                }

                break;
            default:
                errors.Add($"{path}: wrong shape ({node.NodeType})");
                break;
        }
    }
}
