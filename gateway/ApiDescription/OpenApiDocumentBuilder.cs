using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Core;
using NgheAn.Gateway.Errors;

namespace NgheAn.Gateway.ApiDescription;

/// <summary>
/// One OpenAPI 3.0 document for every JSON route of every service, built from the proto
/// descriptors: paths and verbs from google.api.http (path parameters from {field}, the body from
/// <c>body</c>, the other request fields as query parameters), schemas by the proto3 JSON mapping
/// (lowerCamelCase names, 64-bit integers as strings, Timestamp as a date-time string, enums as
/// their names, repeated as arrays, maps as objects), google.api.field_behavior as required and
/// readOnly, comments as descriptions when the descriptors carry source info. Every operation
/// names the problem+json error response and the bearer (JWT) scheme.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    public const string ProblemSchema = "Problem";

    public static JsonObject Build(IEnumerable<FileDescriptor> files, string title = "NgheAn.Platform API", string version = "v1")
    {
        var schemas = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var tags = new JsonArray();

        foreach (var service in files.SelectMany(file => file.Services))
        {
            var routed = false;
            foreach (var method in service.Methods)
            {
                if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
                {
                    continue;
                }

                foreach (var binding in new[] { rule }.Concat(rule.AdditionalBindings))
                {
                    var (verb, template) = VerbAndPath(binding);
                    if (verb is null)
                    {
                        continue;
                    }

                    var (path, pathFields) = ParsePath(template!);
                    if (!paths.TryGetValue(path, out var item))
                    {
                        item = [];
                        paths[path] = item;
                    }

                    item[verb] = Operation(service, method, binding, pathFields, schemas);
                    routed = true;
                }
            }

            if (routed)
            {
                tags.Add(WithDescription(new JsonObject { ["name"] = service.Name }, service.Declaration?.LeadingComments));
            }
        }

        schemas[ProblemSchema] = Problem();
        var schemaObject = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            schemaObject[name] = schema;
        }

        var pathObject = new JsonObject();
        foreach (var (path, item) in paths)
        {
            pathObject[path] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = title,
                ["version"] = version,
                ["description"] = "Every JSON route of the platform's services, as served by the gateway. The same methods are served over gRPC and gRPC-Web; their protos are the source of this document.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["tags"] = tags,
            ["paths"] = pathObject,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemaObject,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
            },
        };
    }

    /// <summary>"{id}" and "{name=documents/*}" become "{id}" and "{name}"; returns the field paths bound in the path.</summary>
    public static (string Path, IReadOnlyList<string> Fields) ParsePath(string template)
    {
        var fields = new List<string>();
        var path = PathVariable().Replace(template, match =>
        {
            fields.Add(match.Groups[1].Value);
            return "{" + match.Groups[1].Value + "}";
        });
        return (path, fields);
    }

    public static (string? Verb, string? Template) VerbAndPath(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
        _ => (null, null),
    };

    [GeneratedRegex(@"\{([^}=]+)(=[^}]*)?\}")]
    private static partial Regex PathVariable();

    private static JsonObject Operation(ServiceDescriptor service, MethodDescriptor method, HttpRule rule, IReadOnlyList<string> pathFields, IDictionary<string, JsonObject> schemas)
    {
        var input = method.InputType;
        var parameters = new JsonArray();
        foreach (var fieldPath in pathFields)
        {
            var field = Resolve(input, fieldPath);
            parameters.Add(WithDescription(new JsonObject
            {
                ["name"] = fieldPath,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = field is null ? new JsonObject { ["type"] = "string" } : FieldSchema(field, schemas),
            }, field?.Declaration?.LeadingComments));
        }

        if (rule.Body != "*")
        {
            var bodyField = rule.Body.Length > 0 ? input.FindFieldByName(rule.Body) : null;
            foreach (var (name, field) in QueryFields(input, "", pathFields, bodyField, depth: 0))
            {
                parameters.Add(WithDescription(new JsonObject
                {
                    ["name"] = name,
                    ["in"] = "query",
                    ["schema"] = FieldSchema(field, schemas),
                }, field.Declaration?.LeadingComments));
            }
        }

        var operation = new JsonObject
        {
            ["operationId"] = $"{service.Name}_{method.Name}",
            ["tags"] = new JsonArray(service.Name),
        };
        if (method.Declaration?.LeadingComments is { Length: > 0 } comments)
        {
            operation["summary"] = comments.Trim().Split('\n')[0].Trim();
            operation["description"] = comments.Trim();
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (rule.Body.Length > 0)
        {
            var bodySchema = rule.Body == "*" ? MessageSchema(input, schemas) : FieldSchema(input.FindFieldByName(rule.Body), schemas);
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = bodySchema } },
            };
        }

        operation["responses"] = new JsonObject
        {
            ["200"] = method.OutputType.FullName == HttpBody.Descriptor.FullName
                // google.api.HttpBody: transcoding writes its data as the body with its own content type (a CSV file, say).
                ? new JsonObject
                {
                    ["description"] = "OK: the raw body, with the Content-Type the method sets (e.g. text/csv).",
                    ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } } },
                }
                : new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject
                    {
                        ["application/json"] = new JsonObject
                        {
                            ["schema"] = rule.ResponseBody.Length > 0
                                ? FieldSchema(method.OutputType.FindFieldByName(rule.ResponseBody), schemas)
                                : MessageSchema(method.OutputType, schemas),
                        },
                    },
                },
            ["default"] = new JsonObject
            {
                ["description"] = "An error (RFC 9457 problem details; `code` is the gRPC status code name).",
                ["content"] = new JsonObject { [ProblemDetailsMapping.ContentType] = new JsonObject { ["schema"] = Ref(ProblemSchema) } },
            },
        };
        return operation;
    }

    private static FieldDescriptor? Resolve(MessageDescriptor message, string fieldPath)
    {
        FieldDescriptor? field = null;
        foreach (var part in fieldPath.Split('.'))
        {
            field = message.FindFieldByName(part);
            if (field is null)
            {
                return null;
            }

            if (field.FieldType == FieldType.Message)
            {
                message = field.MessageType;
            }
        }

        return field;
    }

    // Everything the path and the body do not bind; nested messages as dotted names (a.b), as transcoding reads them.
    private static IEnumerable<(string Name, FieldDescriptor Field)> QueryFields(MessageDescriptor message, string prefix, IReadOnlyList<string> pathFields, FieldDescriptor? bodyField, int depth)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var protoPath = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            if (field == bodyField || pathFields.Contains(protoPath) || field.IsMap)
            {
                continue;
            }

            if (field.FieldType == FieldType.Message && !IsWellKnown(field.MessageType))
            {
                if (!field.IsRepeated && depth < 3)
                {
                    foreach (var nested in QueryFields(field.MessageType, protoPath, pathFields, null, depth + 1))
                    {
                        yield return (field.JsonName + "." + nested.Name, nested.Field);
                    }
                }

                continue;
            }

            yield return (field.JsonName, field);
        }
    }

    private static JsonObject FieldSchema(FieldDescriptor field, IDictionary<string, JsonObject> schemas)
    {
        JsonObject schema;
        if (field.IsMap)
        {
            schema = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = SingleSchema(field.MessageType.FindFieldByNumber(2), schemas),
            };
        }
        else if (field.IsRepeated)
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = SingleSchema(field, schemas) };
        }
        else
        {
            schema = SingleSchema(field, schemas);
        }

        var readOnly = Behaviors(field).Contains(FieldBehavior.OutputOnly);
        var description = field.Declaration?.LeadingComments?.Trim();
        if ((readOnly || !string.IsNullOrEmpty(description)) && schema.ContainsKey("$ref"))
        {
            // Siblings of $ref are ignored in OpenAPI 3.0: wrap it.
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }

        if (readOnly)
        {
            schema["readOnly"] = true;
        }

        return WithDescription(schema, description);
    }

    private static JsonObject SingleSchema(FieldDescriptor field, IDictionary<string, JsonObject> schemas) => field.FieldType switch
    {
        FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "uint64" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        FieldType.Enum => EnumSchema(field.EnumType),
        _ => MessageSchema(field.MessageType, schemas),
    };

    private static JsonObject EnumSchema(EnumDescriptor enumType)
    {
        if (enumType.FullName == "google.protobuf.NullValue")
        {
            return new JsonObject { ["nullable"] = true };
        }

        var values = new JsonArray();
        foreach (var value in enumType.Values)
        {
            values.Add(value.Name);
        }

        return WithDescription(new JsonObject { ["type"] = "string", ["enum"] = values }, enumType.Declaration?.LeadingComments);
    }

    private static bool IsWellKnown(MessageDescriptor message) => message.File.Package == "google.protobuf";

    /// <summary>A reference to the message's component schema (added on first use), or inline for well-known types.</summary>
    private static JsonObject MessageSchema(MessageDescriptor message, IDictionary<string, JsonObject> schemas)
    {
        switch (message.FullName)
        {
            case "google.protobuf.Timestamp":
                return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
            case "google.protobuf.Duration":
                return new JsonObject { ["type"] = "string", ["pattern"] = @"^-?[0-9]+(\.[0-9]{1,9})?s$", ["example"] = "1.5s" };
            case "google.protobuf.FieldMask":
                return new JsonObject { ["type"] = "string", ["description"] = "Comma-separated lowerCamelCase field paths." };
            case "google.protobuf.Empty":
            case "google.protobuf.Struct":
                return new JsonObject { ["type"] = "object" };
            case "google.protobuf.Value":
                return new JsonObject();
            case "google.protobuf.ListValue":
                return new JsonObject { ["type"] = "array", ["items"] = new JsonObject() };
            case "google.protobuf.Any":
                return new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
                    ["additionalProperties"] = true,
                };
        }

        if (IsWellKnown(message) && message.Name.EndsWith("Value", StringComparison.Ordinal) && message.FindFieldByNumber(1) is { } wrapped)
        {
            var schema = SingleSchema(wrapped, schemas);
            schema["nullable"] = true;
            return schema;
        }

        if (!schemas.ContainsKey(message.FullName))
        {
            schemas[message.FullName] = []; // placeholder first: recursive messages refer to themselves
            schemas[message.FullName] = ObjectSchema(message, schemas);
        }

        return Ref(message.FullName);
    }

    private static JsonObject ObjectSchema(MessageDescriptor message, IDictionary<string, JsonObject> schemas)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            properties[field.JsonName] = FieldSchema(field, schemas);
            if (Behaviors(field).Contains(FieldBehavior.Required))
            {
                required.Add(field.JsonName);
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return WithDescription(schema, message.Declaration?.LeadingComments);
    }

    private static IReadOnlyCollection<FieldBehavior> Behaviors(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) is { } behaviors ? behaviors : [];

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject WithDescription(JsonObject node, string? description)
    {
        if (!string.IsNullOrWhiteSpace(description))
        {
            node["description"] = description.Trim();
        }

        return node;
    }

    private static JsonObject Problem()
    {
        var codes = new JsonArray();
        foreach (var code in Enum.GetValues<StatusCode>())
        {
            codes.Add(ProblemDetailsMapping.CodeName(code));
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details. Services' errors are gRPC statuses; the gateway maps them here and keeps their google.rpc details.",
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri-reference" },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["code"] = new JsonObject { ["type"] = "string", ["enum"] = codes, ["description"] = "The gRPC status code name." },
                ["errors"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Messages per offending field (from google.rpc.BadRequest field violations).",
                    ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                },
                ["details"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "The google.rpc error details as the service sent them.",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
                        ["additionalProperties"] = true,
                    },
                },
            },
            ["required"] = new JsonArray("type", "title", "status"),
        };
    }
}
