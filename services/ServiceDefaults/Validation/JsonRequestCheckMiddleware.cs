using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Validation;

/// <summary>
/// JSON transcoding reads the body and query string before any interceptor runs, and answers a
/// value of the wrong JSON type, a number beyond its type or an unknown enum name with a 400 that
/// names no field ("Request JSON payload is not correctly formatted."). This reads a transcoded
/// call's JSON first against the request's descriptor and answers such input with INVALID_ARGUMENT
/// naming each field (proto names, as the validation interceptor does); JSON that is not JSON
/// answers with its line and position. Anything it does not refuse goes on unchanged.
/// </summary>
public sealed class JsonRequestCheckMiddleware(RequestDelegate next)
{
    private const int MaxBodyLength = 4 * 1024 * 1024;

    private static readonly JsonFormatter ErrorFormatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(BadRequest.Descriptor)));

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } transcoding)
        {
            await next(context);
            return;
        }

        var method = transcoding.MethodDescriptor;
        var rule = transcoding.HttpRule;
        var violations = new List<FieldViolation>();
        foreach (var (key, values) in context.Request.Query)
        {
            if (Resolve(method.InputType, key) is { } field)
            {
                foreach (var value in values)
                {
                    CheckText(field.Field, value ?? "", field.Path, violations);
                }
            }
        }

        string? syntaxError = null;
        if (rule.Body.Length > 0 && context.Request.ContentLength is null or <= MaxBodyLength)
        {
            context.Request.EnableBuffering();
            using var document = await ParseAsync(context.Request, error => syntaxError = error);
            context.Request.Body.Position = 0;
            if (document is not null)
            {
                var (type, prefix) = rule.Body == "*"
                    ? (method.InputType, "")
                    : (method.InputType.FindFieldByName(rule.Body)?.MessageType, rule.Body + ".");
                if (type is not null)
                {
                    CheckObject(type, document.RootElement, prefix, violations);
                }
            }
        }

        if (syntaxError is not null || violations.Count > 0)
        {
            await RefuseAsync(context, syntaxError, violations);
            return;
        }

        await next(context);
    }

    private static async Task<JsonDocument?> ParseAsync(Microsoft.AspNetCore.Http.HttpRequest request, Action<string> onError)
    {
        try
        {
            return request.ContentLength == 0 ? null : await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            onError($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return null;
        }
    }

    private static (FieldDescriptor Field, string Path)? Resolve(MessageDescriptor message, string key)
    {
        var names = new List<string>();
        FieldDescriptor? field = null;
        foreach (var part in key.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message)
                {
                    return null;
                }

                message = field.MessageType;
            }

            field = Find(message, part);
            if (field is null)
            {
                return null;
            }

            names.Add(field.Name);
        }

        return field is null ? null : (field, string.Join('.', names));
    }

    private static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        message.FindFieldByName(name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    private static void CheckObject(MessageDescriptor message, JsonElement element, string prefix, List<FieldViolation> violations)
    {
        if (message.File.Package.StartsWith("google.protobuf", StringComparison.Ordinal))
        {
            return; // well-known types have JSON forms of their own (a timestamp is a string)
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            if (element.ValueKind != JsonValueKind.Null)
            {
                violations.Add(new(prefix.TrimEnd('.') is { Length: > 0 } path ? path : "body", "must be a JSON object."));
            }

            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (Find(message, property.Name) is not { } field || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue; // unknown fields are the transcoder's to judge
            }

            var path = prefix + field.Name;
            if (field.IsMap)
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    violations.Add(new(path, "must be a JSON object."));
                    continue;
                }

                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var entry in property.Value.EnumerateObject())
                {
                    CheckValue(valueField, entry.Value, $"{path}[{entry.Name}]", violations);
                }
            }
            else if (field.IsRepeated)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    violations.Add(new(path, "must be a JSON array."));
                    continue;
                }

                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    CheckValue(field, item, $"{path}[{index++}]", violations);
                }
            }
            else
            {
                CheckValue(field, property.Value, path, violations);
            }

            if (violations.Count >= InputLimits.MaxViolations)
            {
                return;
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, JsonElement value, string path, List<FieldViolation> violations)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                CheckObject(field.MessageType, value, path + ".", violations);
                return;
            case FieldType.String or FieldType.Bytes:
                if (value.ValueKind != JsonValueKind.String)
                {
                    violations.Add(new(path, "must be a JSON string."));
                }

                return;
            case FieldType.Bool:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    violations.Add(new(path, "must be true or false."));
                }

                return;
            default:
                // Numbers and enums: a JSON number, or a string as protobuf's JSON mapping allows.
                if (value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                {
                    CheckText(field, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), path, violations);
                }
                else
                {
                    violations.Add(new(path, field.FieldType == FieldType.Enum ? "must be a name of " + field.EnumType.Name + "." : "must be a number."));
                }

                return;
        }
    }

    // A scalar given as text (a query parameter, or a JSON number or string).
    private static void CheckText(FieldDescriptor field, string text, string path, List<FieldViolation> violations)
    {
        var invariant = CultureInfo.InvariantCulture;
        var ok = field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out _) || IsWholeIn(text, int.MinValue, int.MaxValue),
            FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, NumberStyles.None, invariant, out _) || IsWholeIn(text, 0, uint.MaxValue),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out _),
            FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, NumberStyles.None, invariant, out _),
            FieldType.Double or FieldType.Float => text is "NaN" or "Infinity" or "-Infinity"
                || double.TryParse(text, NumberStyles.Float, invariant, out _),
            FieldType.Bool => text is "true" or "false",
            FieldType.Enum => field.EnumType.FindValueByName(text) is not null
                || (int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var number) && field.EnumType.FindValueByNumber(number) is not null),
            _ => true,
        };
        if (!ok)
        {
            violations.Add(new(path, field.FieldType switch
            {
                FieldType.Enum => $"is not a value of {field.EnumType.Name}.",
                FieldType.Bool => "must be true or false.",
                FieldType.Double or FieldType.Float => "must be a number.",
                _ => $"must be a whole number that fits {field.FieldType.ToString().ToLowerInvariant()}.",
            }));
        }
    }

    // JSON numbers like 5.0 or 1e2 are whole numbers too.
    private static bool IsWholeIn(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && value == Math.Floor(value) && value >= min && value <= max;

    // The transcoder's own error body (a google.rpc.Status as JSON), which the gateway turns into problem+json.
    private static async Task RefuseAsync(HttpContext context, string? syntaxError, List<FieldViolation> violations)
    {
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument };
        if (violations.Count > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(badRequest));
            status.Message = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
        }
        else
        {
            status.Message = syntaxError!;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ErrorFormatter.Format(status), context.RequestAborted);
    }
}

public static class JsonRequestCheckExtensions
{
    /// <summary>After authentication (a refused caller learns nothing about the request's shape), before the endpoints.</summary>
    public static IApplicationBuilder UseJsonRequestCheck(this IApplicationBuilder app) =>
        app.UseMiddleware<JsonRequestCheckMiddleware>();
}
