using System.Collections;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using NgheAn.Contracts.Common.V1;
using NgheAn.ServiceDefaults.Validation;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Every RPC of every service, read from the contracts' descriptors (a new method is covered
/// without a new test), sent bad input through the gateway as the provincial office: NUL, over-long
/// strings, dates out of range, numbers out of bounds or infinite, enum numbers the enum does not
/// define, invalid UTF-8 and malformed protobuf over gRPC, malformed JSON, bad page tokens; over gRPC
/// and, for fields in a body or query string, over JSON. No answer may be a 5xx, UNKNOWN or INTERNAL,
/// and a bad field is refused with INVALID_ARGUMENT naming it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class BadInputMatrixTests(PlatformFixture platform)
{
    private static readonly MethodDescriptor[] AllMethods = [.. NgheAn.Contracts.ContractDescriptors.Services.SelectMany(s => s.Methods)];

    private static readonly StatusCode[] NeverAnswered =
        [StatusCode.Unknown, StatusCode.Internal, StatusCode.DataLoss, StatusCode.Unimplemented, StatusCode.Unavailable];

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var method in AllMethods)
        {
            data.Add(method.FullName);
        }

        return data;
    }

    [Fact]
    public void The_matrix_covers_every_service()
    {
        Assert.Equal(["AuditService", "CadresService", "DirectivesService", "DocumentReferenceService", "EmulationService", "OrgUnitsService", "SupervisionService"],
            AllMethods.Select(m => m.Service.Name).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Bad_input_is_refused_naming_the_field(string methodName)
    {
        var method = AllMethods.Single(m => m.FullName == methodName);
        var cases = CasesOf(method).ToList();
        var failures = new List<string>();

        // A method the provincial office may not call at all is refused by role before its input is
        // read (a malformed payload even before that); for it only "no 5xx, UNKNOWN or INTERNAL" is checked.
        var probe = await CallGrpcAsync(method, NewMessage(method.InputType).ToByteArray());
        var roleDenied = probe.Code == StatusCode.PermissionDenied;

        using var gate = new SemaphoreSlim(6);
        await Task.WhenAll(cases.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                if (await CheckAsync(method, c, roleDenied) is { } failure)
                {
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.True(cases.Count > 0, $"{methodName}: no cases.");
        Assert.True(failures.Count == 0, $"{methodName}:\n  " + string.Join("\n  ", failures.Order()));
    }

    /// <summary>One bad request: a field set to a bad value (Field names it), or raw bytes or JSON text that do not parse.</summary>
    private sealed record Case(string Name, string? Field, IMessage? Request = null, byte[]? RawGrpc = null, string? RawJson = null, string? RawJsonValue = null);

    private const string BeyondInt64 = "99999999999999999999999";

    private static IEnumerable<Case> CasesOf(MethodDescriptor method)
    {
        foreach (var path in Leaves(method.InputType, [], 0))
        {
            var field = path[^1];
            var name = string.Join('.', path.Select(f => f.Name));
            var options = field.GetOptions();
            switch (field.FieldType)
            {
                case FieldType.String:
                    var maxLength = options?.GetExtension(FieldOptionsExtensions.MaxLength) is > 0 and var length ? length : InputLimits.DefaultMaxLength;
                    yield return new("NUL", name, With(method, path, "ab\0cd"));
                    yield return new("escape character", name, With(method, path, "ab\u001bcd"));
                    yield return new($"{maxLength + 1} characters", name, With(method, path, new string('x', maxLength + 1)));
                    if (options?.GetExtension(FieldOptionsExtensions.Format) == StringFormat.Date)
                    {
                        yield return new("date 0001-01-01", name, With(method, path, "0001-01-01"));
                        yield return new("date 9999-12-31", name, With(method, path, "9999-12-31"));
                        yield return new("date 2026-02-30", name, With(method, path, "2026-02-30"));
                    }

                    if (field.Name == "page_token")
                    {
                        yield return new("foreign page token", name, With(method, path, "bm90LWEtdG9rZW4"));
                        yield return new("damaged page token", name, With(method, path, "!!"));
                    }

                    break;
                case FieldType.Double or FieldType.Float:
                    yield return new("infinity", name, With(method, path, field.FieldType == FieldType.Double ? double.PositiveInfinity : (object)float.PositiveInfinity));
                    yield return new("NaN", name, With(method, path, field.FieldType == FieldType.Double ? double.NaN : (object)float.NaN));
                    if (options?.HasExtension(FieldOptionsExtensions.Maximum) == true)
                    {
                        var over = options.GetExtension(FieldOptionsExtensions.Maximum) + 1;
                        yield return new($"{over} (over the maximum)", name, With(method, path, field.FieldType == FieldType.Double ? over : (object)(float)over));
                    }

                    if (options?.HasExtension(FieldOptionsExtensions.Minimum) == true)
                    {
                        var under = options.GetExtension(FieldOptionsExtensions.Minimum) - 1;
                        yield return new($"{under} (under the minimum)", name, With(method, path, field.FieldType == FieldType.Double ? under : (object)(float)under));
                    }

                    break;
                case FieldType.Enum:
                    yield return new("enum number 999", name, With(method, path, 999));
                    break;
                case FieldType.Int32 or FieldType.Int64:
                    // Over JSON a number beyond the field's type; over gRPC it cannot be written.
                    yield return new("number beyond int64", name, RawJsonValue: BeyondInt64);
                    break;
            }
        }

        // Payloads Grpc.AspNetCore cannot parse, and a JSON body that is not JSON.
        if (method.InputType.Fields.InDeclarationOrder().FirstOrDefault(f => f.FieldType == FieldType.String && !f.IsRepeated) is { } text)
        {
            yield return new("invalid UTF-8", null, RawGrpc: WithRawBytes(text.FieldNumber, [0x61, 0xC3, 0x28, 0x62]));
        }

        yield return new("truncated protobuf", null, RawGrpc: [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        yield return new("wire type 7", null, RawGrpc: [0x0F, 0x01, 0x02]);
        if (HttpRuleOf(method) is { Body.Length: > 0 } rule)
        {
            yield return new("malformed JSON", null, RawJson: "{\"a\": ");
            var bodyType = rule.Body == "*" ? method.InputType : method.InputType.FindFieldByName(rule.Body).MessageType;
            if (bodyType.Fields.InDeclarationOrder().FirstOrDefault(f => f.FieldType == FieldType.String && !f.IsRepeated && !IsOutputOnly(f)) is { } first)
            {
                var path = rule.Body == "*" ? first.Name : $"{rule.Body}.{first.Name}";
                yield return new("a JSON object for a string", path, RawJsonValue: "{}");
            }
        }
    }

    private async Task<string?> CheckAsync(MethodDescriptor method, Case c, bool roleDenied)
    {
        var problems = new List<string>();
        // A list under a parent checks the parent (required, and here unset or the placeholder "x")
        // before the page token: naming the parent, or not finding it, is the right answer then.
        var pageToken = c.Field == "page_token";
        var required = method.InputType.Fields.InDeclarationOrder()
            .Where(f => f.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.Required) == true)
            .Select(f => f.Name).ToList();
        bool Named(IEnumerable<string> fields) => Names(fields, c.Field!) || (pageToken && required.Any(r => Names(fields, r)));
        if (c.RawGrpc is not null || c.Request is not null)
        {
            var (code, status) = await CallGrpcAsync(method, c.RawGrpc ?? c.Request!.ToByteArray());
            if (NeverAnswered.Contains(code))
            {
                problems.Add($"gRPC {code}: {status?.Message}");
            }
            // A payload that is not a well-formed message is refused before anything reads it, even who calls.
            else if (roleDenied ? code != StatusCode.PermissionDenied && !(c.RawGrpc is not null && code == StatusCode.InvalidArgument) : code != StatusCode.InvalidArgument)
            {
                problems.Add($"gRPC {code} instead of {(roleDenied ? "PERMISSION_DENIED" : "INVALID_ARGUMENT")}: {status?.Message}");
            }
            else if (!roleDenied && c.Field is { } field && !Named(ViolatedFields(status)) && !Names(status?.Message, field))
            {
                problems.Add($"gRPC INVALID_ARGUMENT not naming it (named: {string.Join(", ", ViolatedFields(status))}; {status?.Message})");
            }
        }

        if (c.RawGrpc is null && JsonRequestOf(method, c) is { } request)
        {
            using var response = await platform.Json.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var expected = roleDenied ? HttpStatusCode.Forbidden
                : pageToken && response.StatusCode == HttpStatusCode.NotFound && required.Count > 0 ? HttpStatusCode.NotFound
                : HttpStatusCode.BadRequest;
            if ((int)response.StatusCode >= 500)
            {
                problems.Add($"JSON {(int)response.StatusCode}: {Shorten(body)}");
            }
            // JSON that is not well-formed or not of the field's type is refused before anything reads it, even who calls.
            else if (response.StatusCode != expected && !(roleDenied && (c.RawJson is not null || c.RawJsonValue is not null) && response.StatusCode == HttpStatusCode.BadRequest))
            {
                problems.Add($"JSON {(int)response.StatusCode} instead of {(int)expected}: {Shorten(body)}");
            }
            else if (expected == HttpStatusCode.BadRequest && c.Field is { } field && !Named(JsonErrorFields(body)) && !Names(JsonDetail(body), field))
            {
                problems.Add($"JSON 400 not naming it: {Shorten(body)}");
            }
        }

        return problems.Count == 0 ? null : $"{c.Field ?? "(request)"} = {c.Name}: {string.Join(" | ", problems)}";
    }

    // A violation names the field with indices for repeated fields on the way ("model.steps[0].level").
    private static bool Names(IEnumerable<string> fields, string field) =>
        fields.Select(f => Index().Replace(f, "")).Any(f => f == field);

    [System.Text.RegularExpressions.GeneratedRegex(@"\[[^\]]*\]")]
    private static partial System.Text.RegularExpressions.Regex Index();

    // The gateway refuses a bad request_id itself (before any service), naming it in its message only.
    private static bool Names(string? message, string field) =>
        field == "request_id" && message?.StartsWith(field + " ", StringComparison.Ordinal) == true;

    private static string? JsonDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<(StatusCode Code, Google.Rpc.Status? Status)> CallGrpcAsync(MethodDescriptor method, byte[] payload)
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, BytesMarshaller, BytesMarshaller);
        try
        {
            await platform.Grpc.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), payload);
            return (StatusCode.OK, null);
        }
        catch (RpcException ex)
        {
            var details = ex.Trailers.GetValueBytes("grpc-status-details-bin");
            return (ex.StatusCode, details is null ? new Google.Rpc.Status { Message = ex.Status.Detail } : Google.Rpc.Status.Parser.ParseFrom(details));
        }
    }

    private static readonly Marshaller<byte[]> BytesMarshaller = Marshallers.Create(b => b, b => b);

    private static IEnumerable<string> ViolatedFields(Google.Rpc.Status? status) =>
        status?.Details.Where(d => d.Is(BadRequest.Descriptor)).SelectMany(d => d.Unpack<BadRequest>().FieldViolations).Select(v => v.Field) ?? [];

    // The gateway's problem+json carries "errors": { "field.path": [...] }.
    private static IEnumerable<string> JsonErrorFields(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(p => p.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // Fields a caller fills in (not output-only), down to three levels, each message type once per path.
    private static IEnumerable<FieldDescriptor[]> Leaves(MessageDescriptor message, FieldDescriptor[] prefix, int depth)
    {
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.IsMap || IsOutputOnly(field))
            {
                continue;
            }

            FieldDescriptor[] path = [.. prefix, field];
            if (field.FieldType == FieldType.Message)
            {
                if (depth < 3 && !field.MessageType.File.Package.StartsWith("google.", StringComparison.Ordinal)
                    && !prefix.Any(p => p.MessageType == field.MessageType))
                {
                    foreach (var leaf in Leaves(field.MessageType, path, depth + 1))
                    {
                        yield return leaf;
                    }
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static bool IsOutputOnly(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.OutputOnly) == true;

    private static IMessage NewMessage(MessageDescriptor descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty);

    // The request with only this field set (nested messages created on the way).
    private static IMessage With(MethodDescriptor method, FieldDescriptor[] path, object value)
    {
        var request = NewMessage(method.InputType);
        var message = request;
        foreach (var step in path[..^1])
        {
            var child = NewMessage(step.MessageType);
            if (step.IsRepeated)
            {
                ((IList)step.Accessor.GetValue(message)).Add(child);
            }
            else
            {
                step.Accessor.SetValue(message, child);
            }

            message = child;
        }

        var leaf = path[^1];
        var typed = leaf.FieldType == FieldType.Enum ? Enum.ToObject(leaf.Accessor.GetValue(message) is IList ? EnumTypeOf(leaf, message) : leaf.Accessor.GetValue(message).GetType(), value) : value;
        if (leaf.IsRepeated)
        {
            ((IList)leaf.Accessor.GetValue(message)).Add(typed);
        }
        else
        {
            leaf.Accessor.SetValue(message, typed);
        }

        return request;
    }

    private static Type EnumTypeOf(FieldDescriptor field, IMessage message) =>
        field.Accessor.GetValue(message).GetType().GetGenericArguments()[0];

    private static byte[] WithRawBytes(int fieldNumber, byte[] bytes)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(bytes));
        output.Flush();
        return stream.ToArray();
    }

    private static HttpRule? HttpRuleOf(MethodDescriptor method) => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

    /// <summary>The JSON request of the method's HTTP rule with the case's bad value in the body or the query string; null when the bad field is in the path.</summary>
    private static HttpRequestMessage? JsonRequestOf(MethodDescriptor method, Case c)
    {
        if (HttpRuleOf(method) is not { } rule)
        {
            return null;
        }

        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => (HttpMethod.Get, rule.Get),
            HttpRule.PatternOneofCase.Post => (HttpMethod.Post, rule.Post),
            HttpRule.PatternOneofCase.Put => (HttpMethod.Put, rule.Put),
            HttpRule.PatternOneofCase.Patch => (HttpMethod.Patch, rule.Patch),
            HttpRule.PatternOneofCase.Delete => (HttpMethod.Delete, rule.Delete),
            _ => (HttpMethod.Get, ""),
        };
        var pathFields = PathVariable().Matches(template).Select(m => m.Groups[1].Value).ToHashSet();
        var topField = c.Field?.Split('.')[0];
        if (topField is not null && pathFields.Contains(topField))
        {
            return null;
        }

        var uri = PathVariable().Replace(template, "x");
        var fieldInBody = topField is not null && (rule.Body == "*" || topField == rule.Body);
        string? body = rule.Body.Length > 0 ? "{}" : null;
        if (c.RawJson is not null)
        {
            body = c.RawJson;
        }
        else if (c.RawJsonValue is not null)
        {
            // A number beyond its type: raw JSON in the body, or raw text in the query string.
            var path = c.Field!.Split('.').ToList();
            if (fieldInBody)
            {
                body = rule.Body == "*"
                    ? JsonWithRawValue(method.InputType, path, c.RawJsonValue)
                    : JsonWithRawValue(method.InputType.FindFieldByName(rule.Body).MessageType, path[1..], c.RawJsonValue);
            }
            else
            {
                uri += $"?{c.Field}={c.RawJsonValue}";
            }
        }
        else if (c.Request is { } request)
        {
            if (rule.Body == "*")
            {
                body = JsonFormatter.Default.Format(request);
            }
            else if (fieldInBody)
            {
                body = JsonFormatter.Default.Format((IMessage)method.InputType.FindFieldByName(rule.Body).Accessor.GetValue(request));
            }
            else
            {
                uri += "?" + QueryOf(request);
            }
        }

        var message = new HttpRequestMessage(verb, uri);
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return message;
    }

    // The one set field as a query parameter: dotted JSON names, the value as text.
    private static string QueryOf(IMessage request)
    {
        var json = JsonDocument.Parse(JsonFormatter.Default.Format(request)).RootElement;
        var (key, value) = Flatten(json, "").Single();
        return $"{key}={Uri.EscapeDataString(value)}";
    }

    private static IEnumerable<(string Key, string Value)> Flatten(JsonElement element, string prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Flatten(e, prefix)),
        JsonValueKind.String => [(prefix, element.GetString()!)],
        _ => [(prefix, element.GetRawText())],
    };

    // A JSON object holding this raw JSON value at the path of proto field names, starting in the given message type.
    private static string JsonWithRawValue(MessageDescriptor message, List<string> path, string rawValue)
    {
        var names = new List<string>();
        foreach (var name in path)
        {
            var field = message.FindFieldByName(name);
            names.Add(field.JsonName);
            message = field.FieldType == FieldType.Message ? field.MessageType : message;
        }

        var json = rawValue;
        foreach (var name in Enumerable.Reverse(names))
        {
            json = $"{{\"{name}\": {json}}}";
        }

        return json;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([a-z_.]+)(=[^}]*)?\}")]
    private static partial System.Text.RegularExpressions.Regex PathVariable();
}
