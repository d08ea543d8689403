using NgheAn.Contracts;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using NgheAn.Gateway.ApiDescription;
using Type = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Type;
using Label = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Label;

namespace NgheAn.Gateway.Tests;

/// <summary>The generator on a proto built here, with the field kinds the platform's protos do not have yet.</summary>
public class OpenApiDocumentBuilderTests
{
    private static readonly JsonObject Document = OpenApiDocumentBuilder.Build([BuildTestProto()]);

    private static JsonNode Schema(string name) => Document["components"]!["schemas"]![name]!;

    [Fact]
    public void Paths_and_verbs_come_from_google_api_http_with_additional_bindings()
    {
        var paths = Document["paths"]!.AsObject();

        Assert.Equal(["/v1/things", "/v1/things/{id}", "/v1/things:search", "/v1/{name}"], paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(paths["/v1/things"]!["post"]);
        Assert.NotNull(paths["/v1/things"]!["get"]);
        Assert.NotNull(paths["/v1/things:search"]!["get"]);
        Assert.NotNull(paths["/v1/{name}"]!["get"]);
        Assert.Equal("ThingService_GetThing", (string?)paths["/v1/{name}"]!["get"]!["operationId"]);
    }

    [Fact]
    public void A_file_download_is_described_with_its_media_type()
    {
        // DownloadReviewCsv returns google.api.HttpBody with (nghean.common.v1.response_media_type) = "text/csv".
        var platform = OpenApiDocumentBuilder.Build(ContractDescriptors.All);
        var content = platform["paths"]!["/v1/reviews/{id}/csv"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();

        var (mediaType, body) = Assert.Single(content);
        Assert.Equal("text/csv", mediaType);
        Assert.Equal(("string", "binary"), ((string?)body!["schema"]!["type"], (string?)body["schema"]!["format"]));
    }

    [Fact]
    public void Path_fields_are_path_parameters_and_other_fields_of_a_get_are_query_parameters()
    {
        var get = Document["paths"]!["/v1/{name}"]!["get"]!;
        var name = Assert.Single(get["parameters"]!.AsArray())!;
        Assert.Equal(("name", "path", true), ((string?)name["name"], (string?)name["in"], (bool?)name["required"]));

        var list = Document["paths"]!["/v1/things"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal(["pageSize", "minCount", "color", "since", "filter.text"], list.Select(p => (string?)p!["name"]));
        Assert.All(list, p => Assert.Equal("query", (string?)p!["in"]));
        Assert.Equal("string", (string?)list[1]!["schema"]!["type"]); // int64 as a string
        Assert.Equal("date-time", (string?)list[3]!["schema"]!["format"]);
    }

    [Fact]
    public void The_body_field_is_the_request_body_and_the_rest_goes_in_the_query()
    {
        var post = Document["paths"]!["/v1/things"]!["post"]!;

        Assert.Equal("#/components/schemas/test.v1.Thing", (string?)post["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal(["requestId"], post["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public void Schemas_follow_the_proto3_json_mapping()
    {
        var properties = Schema("test.v1.Thing")["properties"]!;

        Assert.Equal(["id", "bigCount", "color", "tags", "createTime", "parent", "labels"], properties.AsObject().Select(p => p.Key));
        Assert.Equal(("string", "int64"), ((string?)properties["bigCount"]!["type"], (string?)properties["bigCount"]!["format"]));
        Assert.Equal(["COLOR_UNSPECIFIED", "COLOR_RED"], properties["color"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(("array", "string"), ((string?)properties["tags"]!["type"], (string?)properties["tags"]!["items"]!["type"]));
        Assert.Equal(("string", "date-time", true), ((string?)properties["createTime"]!["type"], (string?)properties["createTime"]!["format"], (bool?)properties["createTime"]!["readOnly"]));
        Assert.Equal("#/components/schemas/test.v1.Thing", (string?)properties["parent"]!["$ref"]); // recursive
        Assert.Equal("integer", (string?)properties["labels"]!["additionalProperties"]!["type"]); // map<string, int32>
        Assert.Equal(["id"], Schema("test.v1.Thing")["required"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Every_operation_has_the_problem_response_and_the_document_a_bearer_scheme()
    {
        var operations = Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).ToList();

        Assert.Equal(5, operations.Count);
        Assert.All(operations, o => Assert.Equal(
            "#/components/schemas/Problem",
            (string?)o.Value!["responses"]!["default"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]));
        Assert.Equal("bearer", (string?)Document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        Assert.Equal("JWT", (string?)Document["components"]!["securitySchemes"]!["bearer"]!["bearerFormat"]);
        Assert.NotNull(Document["security"]![0]!["bearer"]);
        Assert.Contains("INVALID_ARGUMENT", Schema("Problem")["properties"]!["code"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void The_platform_contracts_are_all_found()
    {
        var services = ContractDescriptors.Services.Select(s => s.FullName).ToList();

        Assert.Contains("nghean.directives.v1.DirectivesService", services);
        Assert.Contains("nghean.emulation.v1.EmulationService", services);
    }

    [Fact]
    public void An_HttpBody_response_is_described_as_a_raw_body_not_json()
    {
        var platform = OpenApiDocumentBuilder.Build(ContractDescriptors.All);
        var csv = platform["paths"]!["/v1/reports/commendations:csv"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();

        Assert.Equal(["text/csv"], csv.Select(c => c.Key));
        Assert.Equal("binary", (string?)csv["text/csv"]!["schema"]!["format"]);
        Assert.NotNull(platform["paths"]!["/v1/reports/commendations"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]);
    }

    [Theory]
    [InlineData("/v1/documents/{id}", "/v1/documents/{id}", "id")]
    [InlineData("/v1/{name=units/*/documents/*}", "/v1/{name}", "name")]
    [InlineData("/v1/{document.id}:publish", "/v1/{document.id}:publish", "document.id")]
    public void Path_templates_become_openapi_paths(string template, string path, string field)
    {
        var (parsed, fields) = OpenApiDocumentBuilder.ParsePath(template);

        Assert.Equal(path, parsed);
        Assert.Equal([field], fields);
    }

    private static FileDescriptor BuildTestProto()
    {
        var file = new FileDescriptorProto
        {
            Name = "test/v1/test.proto",
            Package = "test.v1",
            Syntax = "proto3",
            Dependency = { "google/api/annotations.proto", "google/api/field_behavior.proto", "google/protobuf/timestamp.proto" },
        };
        file.EnumType.Add(new EnumDescriptorProto
        {
            Name = "Color",
            Value = { new EnumValueDescriptorProto { Name = "COLOR_UNSPECIFIED", Number = 0 }, new EnumValueDescriptorProto { Name = "COLOR_RED", Number = 1 } },
        });

        var labelsEntry = new DescriptorProto
        {
            Name = "LabelsEntry",
            Field = { Field("key", 1, Type.String), Field("value", 2, Type.Int32) },
            Options = new MessageOptions { MapEntry = true },
        };
        file.MessageType.Add(new DescriptorProto
        {
            Name = "Thing",
            Field =
            {
                Field("id", 1, Type.String, behavior: FieldBehavior.Required),
                Field("big_count", 2, Type.Int64),
                Field("color", 3, Type.Enum, ".test.v1.Color"),
                Field("tags", 4, Type.String, repeated: true),
                Field("create_time", 5, Type.Message, ".google.protobuf.Timestamp", behavior: FieldBehavior.OutputOnly),
                Field("parent", 6, Type.Message, ".test.v1.Thing"),
                Field("labels", 7, Type.Message, ".test.v1.Thing.LabelsEntry", repeated: true),
            },
            NestedType = { labelsEntry },
        });
        file.MessageType.Add(new DescriptorProto { Name = "Filter", Field = { Field("text", 1, Type.String) } });
        file.MessageType.Add(new DescriptorProto { Name = "GetThingRequest", Field = { Field("name", 1, Type.String) } });
        file.MessageType.Add(new DescriptorProto { Name = "CreateThingRequest", Field = { Field("thing", 1, Type.Message, ".test.v1.Thing"), Field("request_id", 2, Type.String) } });
        file.MessageType.Add(new DescriptorProto
        {
            Name = "ListThingsRequest",
            Field =
            {
                Field("page_size", 1, Type.Int32), Field("min_count", 2, Type.Int64), Field("color", 3, Type.Enum, ".test.v1.Color"),
                Field("since", 4, Type.Message, ".google.protobuf.Timestamp"), Field("filter", 5, Type.Message, ".test.v1.Filter"),
            },
        });
        file.MessageType.Add(new DescriptorProto { Name = "ListThingsResponse", Field = { Field("things", 1, Type.Message, ".test.v1.Thing", repeated: true) } });

        var list = new HttpRule { Get = "/v1/things" };
        list.AdditionalBindings.Add(new HttpRule { Get = "/v1/things:search" });
        file.Service.Add(new ServiceDescriptorProto
        {
            Name = "ThingService",
            Method =
            {
                Method("GetThing", "GetThingRequest", "Thing", new HttpRule { Get = "/v1/{name=things/*}" }),
                Method("CreateThing", "CreateThingRequest", "Thing", new HttpRule { Post = "/v1/things", Body = "thing" }),
                Method("ListThings", "ListThingsRequest", "ListThingsResponse", list),
                Method("GetThingById", "GetThingRequest", "Thing", new HttpRule { Get = "/v1/things/{id}" }),
                Method("NoRoute", "GetThingRequest", "Thing", null),
            },
        });

        var registry = new ExtensionRegistry { AnnotationsExtensions.Http, FieldBehaviorExtensions.FieldBehavior };
        return FileDescriptor.BuildFromByteStrings(
            [
                DescriptorReflection.Descriptor.SerializedData,
                HttpReflection.Descriptor.SerializedData,
                AnnotationsReflection.Descriptor.SerializedData,
                FieldBehaviorReflection.Descriptor.SerializedData,
                TimestampReflection.Descriptor.SerializedData,
                file.ToByteString(),
            ],
            registry).Last();
    }

    private static FieldDescriptorProto Field(string name, int number, Type type, string? typeName = null, bool repeated = false, FieldBehavior? behavior = null)
    {
        var field = new FieldDescriptorProto
        {
            Name = name,
            Number = number,
            Type = type,
            Label = repeated ? Label.Repeated : Label.Optional,
            JsonName = string.Concat(name.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..])),
        };
        if (typeName is not null)
        {
            field.TypeName = typeName;
        }

        if (behavior is { } b)
        {
            field.Options = new FieldOptions();
            field.Options.GetOrInitializeExtension(FieldBehaviorExtensions.FieldBehavior).Add(b);
        }

        return field;
    }

    private static MethodDescriptorProto Method(string name, string input, string output, HttpRule? rule)
    {
        var method = new MethodDescriptorProto { Name = name, InputType = ".test.v1." + input, OutputType = ".test.v1." + output };
        if (rule is not null)
        {
            method.Options = new MethodOptions();
            method.Options.SetExtension(AnnotationsExtensions.Http, rule);
        }

        return method;
    }
}
