using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// One node of a CRD's structural OpenAPI v3 schema (<c>spec.versions[].schema.openAPIV3Schema</c>),
/// read from the operator's own CRD, and the checks the Kubernetes API server makes with it when it
/// validates strictly (<c>kubectl apply --validate=strict</c>): types, required fields, enums,
/// patterns, bounds, formats, list keys; a field the schema does not declare is an error unless the
/// schema preserves unknown fields. Not evaluated: <c>x-kubernetes-validations</c> (CEL rules) and
/// defaults (the server fills those in; a manifest need not).
/// </summary>
public sealed partial class StructuralSchema
{
    private static readonly string[] NoNames = [];

    public string? Type { get; private init; }

    public IReadOnlyDictionary<string, StructuralSchema> Properties { get; private init; } = new Dictionary<string, StructuralSchema>();

    public IReadOnlyList<string> Required { get; private init; } = NoNames;

    /// <summary>A schema every value of a map must match (additionalProperties: {...}).</summary>
    public StructuralSchema? AdditionalProperties { get; private init; }

    /// <summary>additionalProperties: true — any value.</summary>
    public bool AnyAdditionalProperties { get; private init; }

    public StructuralSchema? Items { get; private init; }

    public IReadOnlyList<YamlNode>? Enum { get; private init; }

    /// <summary>The value the API server fills in when the field is absent, before it validates.</summary>
    public YamlNode? Default { get; private init; }

    public bool Nullable { get; private init; }

    public string? Format { get; private init; }

    public string? Pattern { get; private init; }

    public decimal? Minimum { get; private init; }

    public decimal? Maximum { get; private init; }

    public bool ExclusiveMinimum { get; private init; }

    public bool ExclusiveMaximum { get; private init; }

    public long? MinLength { get; private init; }

    public long? MaxLength { get; private init; }

    public long? MinItems { get; private init; }

    public long? MaxItems { get; private init; }

    public long? MinProperties { get; private init; }

    public long? MaxProperties { get; private init; }

    public bool UniqueItems { get; private init; }

    public bool IntOrString { get; private init; }

    public bool PreserveUnknownFields { get; private init; }

    public bool EmbeddedResource { get; private init; }

    /// <summary>x-kubernetes-list-type: atomic, set (items unique) or map (items unique by ListMapKeys).</summary>
    public string? ListType { get; private init; }

    public IReadOnlyList<string> ListMapKeys { get; private init; } = NoNames;

    public IReadOnlyList<StructuralSchema> AllOf { get; private init; } = [];

    public IReadOnlyList<StructuralSchema> AnyOf { get; private init; } = [];

    public IReadOnlyList<StructuralSchema> OneOf { get; private init; } = [];

    public StructuralSchema? Not { get; private init; }

    /// <summary>The pattern, compiled once (a CRD has hundreds; Regex's static cache holds 15).</summary>
    private Lazy<Regex> PatternRegex => patternRegex ??= new(() => new Regex(Pattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private Lazy<Regex>? patternRegex;

    /// <summary>Reads a schema node (openAPIV3Schema or any node under it).</summary>
    public static StructuralSchema Read(YamlMappingNode node)
    {
        string? Text(string key) => node.Children.TryGetValue(key, out var v) && v is YamlScalarNode s ? s.Value : null;
        bool Flag(string key) => Text(key) == "true";
        long? Whole(string key) => Text(key) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : null;
        decimal? Number(string key) => Text(key) is { } v ? decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
        StructuralSchema? Child(string key) => node.Children.TryGetValue(key, out var v) && v is YamlMappingNode m ? Read(m) : null;
        IReadOnlyList<StructuralSchema> Branches(string key) =>
            node.Children.TryGetValue(key, out var v) && v is YamlSequenceNode list ? list.Children.Cast<YamlMappingNode>().Select(Read).ToArray() : [];
        IReadOnlyList<string> Names(string key) =>
            node.Children.TryGetValue(key, out var v) && v is YamlSequenceNode list ? list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray() : NoNames;

        var additional = node.Children.TryGetValue("additionalProperties", out var a) ? a : null;
        return new StructuralSchema
        {
            Type = Text("type"),
            Properties = node.Children.TryGetValue("properties", out var p) && p is YamlMappingNode props
                ? props.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => Read((YamlMappingNode)kv.Value))
                : new Dictionary<string, StructuralSchema>(),
            Required = Names("required"),
            AdditionalProperties = additional is YamlMappingNode schema ? Read(schema) : null,
            AnyAdditionalProperties = additional is YamlScalarNode { Value: "true" },
            Items = Child("items"),
            Enum = node.Children.TryGetValue("enum", out var e) && e is YamlSequenceNode values ? values.Children.ToArray() : null,
            Default = node.Children.TryGetValue("default", out var d) ? d : null,
            Nullable = Flag("nullable"),
            Format = Text("format"),
            Pattern = Text("pattern"),
            Minimum = Number("minimum"),
            Maximum = Number("maximum"),
            ExclusiveMinimum = Flag("exclusiveMinimum"),
            ExclusiveMaximum = Flag("exclusiveMaximum"),
            MinLength = Whole("minLength"),
            MaxLength = Whole("maxLength"),
            MinItems = Whole("minItems"),
            MaxItems = Whole("maxItems"),
            MinProperties = Whole("minProperties"),
            MaxProperties = Whole("maxProperties"),
            UniqueItems = Flag("uniqueItems"),
            IntOrString = Flag("x-kubernetes-int-or-string"),
            PreserveUnknownFields = Flag("x-kubernetes-preserve-unknown-fields"),
            EmbeddedResource = Flag("x-kubernetes-embedded-resource"),
            ListType = Text("x-kubernetes-list-type"),
            ListMapKeys = Names("x-kubernetes-list-map-keys"),
            AllOf = Branches("allOf"),
            AnyOf = Branches("anyOf"),
            OneOf = Branches("oneOf"),
            Not = Child("not"),
        };
    }

    /// <summary>
    /// Checks a value (a YAML node of a rendered manifest) against this schema and adds one line per
    /// problem, each starting with the path of the field ("spec.storage.size: ...").
    /// </summary>
    public void Validate(YamlNode value, string path, List<string> errors)
    {
        var type = TypeOf(value);
        if (type == "null")
        {
            if (!Nullable)
            {
                errors.Add($"{path}: empty (null), but the schema does not allow null here");
            }

            return;
        }

        if (!HasType(type))
        {
            errors.Add($"{path}: {Show(value)} is not {Expected()}");
            return;
        }

        switch (value)
        {
            case YamlMappingNode map:
                ValidateMap(map, path, errors);
                break;
            case YamlSequenceNode list:
                ValidateList(list, path, errors);
                break;
            case YamlScalarNode scalar:
                ValidateScalar(scalar, type, path, errors);
                break;
        }

        ValidateBranches(value, path, errors);
    }

    private bool HasType(string actual) => Type switch
    {
        _ when IntOrString => actual is "integer" or "string",
        null => true, // value validations (anyOf branches) and preserve-unknown nodes name no type
        "number" => actual is "number" or "integer",
        _ => Type == actual,
    };

    private string Expected() => IntOrString ? "an integer or a string" : Type switch
    {
        "object" => "a map",
        "array" => "a list",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "string" => "a string",
        _ => Type ?? "any value",
    };

    /// <summary>
    /// Checks a whole object (the top of a custom resource): besides the schema's own fields, every
    /// resource has apiVersion, kind and metadata, and metadata is checked as ObjectMeta.
    /// </summary>
    public void ValidateResource(YamlMappingNode tree, List<string> errors)
    {
        var defaulted = (YamlMappingNode)WithDefaults(tree);
        ValidateMap(defaulted, "", errors, topLevel: true);
        ValidateBranches(defaulted, "", errors);
    }

    /// <summary>A copy of the value with the schema's defaults filled in where fields are absent, as the API server does before validating.</summary>
    private YamlNode WithDefaults(YamlNode value)
    {
        switch (value)
        {
            case YamlMappingNode map:
                var copy = new YamlMappingNode();
                foreach (var (key, child) in map.Children)
                {
                    var schema = Properties.GetValueOrDefault(((YamlScalarNode)key).Value ?? "") ?? AdditionalProperties;
                    copy.Add(key, schema is null ? child : schema.WithDefaults(child));
                }

                foreach (var (name, property) in Properties.Where(p => p.Value.Default is not null && !map.Children.ContainsKey(p.Key)))
                {
                    copy.Add(name, property.WithDefaults(property.Default!));
                }

                return copy;
            case YamlSequenceNode list when Items is not null:
                return new YamlSequenceNode(list.Children.Select(Items.WithDefaults));
            default:
                return value;
        }
    }

    private void ValidateMap(YamlMappingNode map, string path, List<string> errors, bool topLevel = false)
    {
        var resource = topLevel || EmbeddedResource;
        foreach (var (keyNode, child) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var field = path.Length == 0 ? key : $"{path}.{key}";
            if (resource && key == "metadata")
            {
                ObjectMetadata.Validate(child, field, errors, nameRequired: topLevel);
                ValidateMetadataRules(child, field, errors);
            }
            else if (Properties.TryGetValue(key, out var property))
            {
                property.Validate(child, field, errors);
            }
            else if (AdditionalProperties is { } values)
            {
                values.Validate(child, field, errors);
            }
            else if (!(AnyAdditionalProperties || PreserveUnknownFields || Type is null || (resource && key is "apiVersion" or "kind")))
            {
                errors.Add($"{field}: not a field of the CRD schema");
            }
        }

        foreach (var name in Required.Where(r => !map.Children.ContainsKey(r)))
        {
            errors.Add(path.Length == 0 ? $"{name}: required" : $"{path}.{name}: required");
        }

        if (map.Children.Count < MinProperties)
        {
            errors.Add($"{path}: {map.Children.Count} entries, at least {MinProperties} required");
        }

        if (map.Children.Count > MaxProperties)
        {
            errors.Add($"{path}: {map.Children.Count} entries, at most {MaxProperties} allowed");
        }
    }

    /// <summary>A CRD may restrict metadata.name further (a pattern, a length); it may declare nothing else there.</summary>
    private void ValidateMetadataRules(YamlNode metadata, string path, List<string> errors)
    {
        if (Properties.TryGetValue("metadata", out var rules) && metadata is YamlMappingNode map)
        {
            foreach (var (name, rule) in rules.Properties)
            {
                if (map.Children.TryGetValue(name, out var value))
                {
                    rule.Validate(value, $"{path}.{name}", errors);
                }
            }
        }
    }

    private void ValidateList(YamlSequenceNode list, string path, List<string> errors)
    {
        for (var i = 0; i < list.Children.Count; i++)
        {
            Items?.Validate(list.Children[i], $"{path}[{i}]", errors);
        }

        if (list.Children.Count < MinItems)
        {
            errors.Add($"{path}: {list.Children.Count} items, at least {MinItems} required");
        }

        if (list.Children.Count > MaxItems)
        {
            errors.Add($"{path}: {list.Children.Count} items, at most {MaxItems} allowed");
        }

        // list-type set: items unique; list-type map: items unique by their key fields.
        var identities = ListType switch
        {
            "set" => list.Children.Select(Canonical).ToList(),
            "map" => list.Children.Select(item => string.Join("/", ListMapKeys.Select(k =>
                item is YamlMappingNode m && m.Children.TryGetValue(k, out var v) ? Canonical(v) : "(unset)"))).ToList(),
            _ when UniqueItems => list.Children.Select(Canonical).ToList(),
            _ => [],
        };
        foreach (var duplicate in identities.GroupBy(id => id).Where(g => g.Count() > 1))
        {
            errors.Add($"{path}: duplicate entry {duplicate.Key} (the list is keyed by {(ListType == "map" ? string.Join(", ", ListMapKeys) : "value")})");
        }
    }

    private void ValidateScalar(YamlScalarNode scalar, string type, string path, List<string> errors)
    {
        var text = scalar.Value ?? "";
        if (Enum is { } allowed && !allowed.Any(a => a is YamlScalarNode s && s.Value == text && TypeOf(s) == type))
        {
            errors.Add($"{path}: '{text}' is not one of {string.Join(", ", allowed.Select(a => Canonical(a)))}");
        }

        if (type == "string")
        {
            var length = text.EnumerateRunes().Count(); // Kubernetes counts Unicode code points
            if (length < MinLength)
            {
                errors.Add($"{path}: '{text}' is shorter than {MinLength} characters");
            }

            if (length > MaxLength)
            {
                errors.Add($"{path}: '{text}' is longer than {MaxLength} characters");
            }

            if (Pattern is { } pattern && !PatternRegex.Value.IsMatch(text))
            {
                errors.Add($"{path}: '{text}' does not match the pattern {pattern}");
            }

            if (Format is "ipv4" or "ipv6" && !(System.Net.IPAddress.TryParse(text, out var ip) && ip.AddressFamily ==
                    (Format == "ipv4" ? System.Net.Sockets.AddressFamily.InterNetwork : System.Net.Sockets.AddressFamily.InterNetworkV6)
                    && (Format == "ipv6" || text.Count(c => c == '.') == 3)))
            {
                errors.Add($"{path}: '{text}' is not an {Format} address");
            }

            if (Format == "date-time" && !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add($"{path}: '{text}' is not an RFC 3339 date-time");
            }
        }

        if (type is "integer" or "number" && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (Minimum is { } min && (ExclusiveMinimum ? number <= min : number < min))
            {
                errors.Add($"{path}: {text} is below the minimum {(ExclusiveMinimum ? "(exclusive) " : "")}{min}");
            }

            if (Maximum is { } max && (ExclusiveMaximum ? number >= max : number > max))
            {
                errors.Add($"{path}: {text} is above the maximum {(ExclusiveMaximum ? "(exclusive) " : "")}{max}");
            }

            var (lowest, highest) = Format switch
            {
                "int32" => (int.MinValue, int.MaxValue),
                "int64" => (long.MinValue, (decimal)long.MaxValue),
                _ => (decimal.MinValue, decimal.MaxValue),
            };
            if (type == "integer" && (number < lowest || number > highest))
            {
                errors.Add($"{path}: {text} does not fit in {Format}");
            }
        }
    }

    /// <summary>allOf / anyOf / oneOf / not: value validations that name no types of their own.</summary>
    private void ValidateBranches(YamlNode value, string path, List<string> errors)
    {
        foreach (var branch in AllOf)
        {
            branch.Validate(value, path, errors);
        }

        var anyOf = AnyOf.Select(branch => Errors(branch, value, path)).ToList();
        if (anyOf.Count > 0 && anyOf.All(e => e.Count > 0))
        {
            errors.Add($"{path}: matches none of the schema's alternatives ({string.Join("; or ", anyOf.Select(e => string.Join(", ", e)))})");
        }

        var oneOf = OneOf.Select(branch => Errors(branch, value, path)).ToList();
        if (oneOf.Count > 0 && oneOf.Count(e => e.Count == 0) != 1)
        {
            errors.Add(oneOf.All(e => e.Count > 0)
                ? $"{path}: matches none of the schema's alternatives ({string.Join("; or ", oneOf.Select(e => string.Join(", ", e)))})"
                : $"{path}: matches more than one of the schema's exclusive alternatives (oneOf)");
        }

        if (Not is { } not && Errors(not, value, path).Count == 0)
        {
            errors.Add($"{path}: matches a form the schema forbids (not)");
        }
    }

    private static List<string> Errors(StructuralSchema schema, YamlNode value, string path)
    {
        var errors = new List<string>();
        schema.Validate(value, path, errors);
        return errors;
    }

    /// <summary>The JSON type a YAML node is read as (YAML 1.2 core schema: quoted scalars are strings).</summary>
    public static string TypeOf(YamlNode node) => node switch
    {
        YamlMappingNode => "object",
        YamlSequenceNode => "array",
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s => s.Value switch
        {
            null or "" or "~" or "null" or "Null" or "NULL" => "null",
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => "boolean",
            var v when IntegerLiteral().IsMatch(v) => "integer",
            var v when NumberLiteral().IsMatch(v) => "number",
            _ => "string",
        },
        _ => "string",
    };

    private static string Show(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlMappingNode => "a map",
        _ => "a list",
    };

    /// <summary>A value as one line of text, to compare list entries and to show enum values.</summary>
    private static string Canonical(YamlNode node) => node is YamlScalarNode scalar
        ? scalar.Value ?? ""
        : string.Join(" ", Manifest.Serialize(node).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l != "..."));

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex NumberLiteral();
}
