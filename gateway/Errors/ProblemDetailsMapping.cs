using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;

namespace NgheAn.Gateway.Errors;

/// <summary>
/// The platform's one error shape over JSON: RFC 9457 problem details. A service's transcoded error
/// ({"code":3,"message":"…","details":[…]}, a google.rpc.Status) becomes
/// <c>{"type","title","status","detail","code":"INVALID_ARGUMENT","errors":{field:[messages]},"details":[…]}</c>;
/// <c>errors</c> comes from google.rpc.BadRequest field violations, <c>details</c> is kept as it was.
/// </summary>
public static class ProblemDetailsMapping
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://nghean.vn/problems/";
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    /// <summary>The problem for a google.rpc.Status JSON body, or null when the body is not one.</summary>
    public static JsonObject? FromRpcStatusJson(int httpStatus, ReadOnlySpan<byte> body)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (parsed is not JsonObject status
            || status["code"] is not JsonValue codeValue
            || !codeValue.TryGetValue<int>(out var code)
            || !Enum.IsDefined((StatusCode)code))
        {
            return null;
        }

        var message = status["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "";
        var problem = Create((StatusCode)code, httpStatus, message);
        if (status["details"] is JsonArray details)
        {
            var errors = FieldErrors(details);
            if (errors.Count > 0)
            {
                problem["errors"] = errors;
            }

            problem["details"] = details.DeepClone();
        }

        return problem;
    }

    /// <summary>A problem for an error the gateway itself answers (rate limit, idempotency…).</summary>
    public static JsonObject Create(StatusCode code, int httpStatus, string detail)
    {
        var name = CodeName(code);
        return new JsonObject
        {
            ["type"] = TypeBase + name.ToLowerInvariant().Replace('_', '-'),
            ["title"] = Title(name),
            ["status"] = httpStatus,
            ["detail"] = detail,
            ["code"] = name,
        };
    }

    /// <summary>INVALID_ARGUMENT for StatusCode.InvalidArgument: the name google.rpc.Code and the JSON mapping use.</summary>
    public static string CodeName(StatusCode code)
    {
        var pascal = code.ToString();
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(pascal[i]));
        }

        return builder.Replace("O_K", "OK").ToString();
    }

    private static string Title(string codeName)
    {
        var words = codeName.Replace('_', ' ').ToLowerInvariant();
        return codeName == "OK" ? "OK" : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }

    private static JsonObject FieldErrors(JsonArray details)
    {
        var errors = new JsonObject();
        foreach (var detail in details.OfType<JsonObject>())
        {
            if (detail["@type"]?.GetValueKind() != JsonValueKind.String
                || detail["@type"]!.GetValue<string>() != BadRequestType
                || detail["fieldViolations"] is not JsonArray violations)
            {
                continue;
            }

            foreach (var violation in violations.OfType<JsonObject>())
            {
                var field = violation["field"]?.GetValueKind() == JsonValueKind.String ? violation["field"]!.GetValue<string>() : "";
                var description = violation["description"]?.GetValueKind() == JsonValueKind.String ? violation["description"]!.GetValue<string>() : "";
                if (errors[field] is not JsonArray messages)
                {
                    messages = [];
                    errors[field] = messages;
                }

                messages.Add(description);
            }
        }

        return errors;
    }
}
