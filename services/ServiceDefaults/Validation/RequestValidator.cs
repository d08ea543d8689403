using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using NgheAn.Contracts.Common.V1;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Validation;

/// <summary>
/// Checks a request against the limits its contract states (nghean.common.v1 field options), walking
/// the message from its descriptor: nested messages, repeated fields and maps. Output-only fields are
/// skipped (the services ignore them). Field paths are proto names, e.g. "document.symbol",
/// "task.coordinating_unit_ids[2]", "labels[key]".
/// </summary>
public static partial class RequestValidator
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Rule[]> Plans = new();

    public static IReadOnlyList<FieldViolation> Validate(IMessage message)
    {
        var violations = new List<FieldViolation>();
        Walk(message, "", violations);
        return violations;
    }

    private sealed record Rule(FieldDescriptor Field, int MaxLength, StringFormat Format, double? Minimum, double? Maximum);

    private static void Walk(IMessage message, string prefix, List<FieldViolation> violations)
    {
        if (message is Timestamp timestamp)
        {
            CheckTimestamp(timestamp, prefix.TrimEnd('.'), violations);
            return;
        }

        foreach (var rule in PlanFor(message.Descriptor))
        {
            var field = rule.Field;
            var path = prefix + field.Name;
            if (field.IsMap)
            {
                if (field.Accessor.GetValue(message) is IDictionary map)
                {
                    var keyRule = rule with { Field = field.MessageType.FindFieldByNumber(1) };
                    var valueRule = rule with { Field = field.MessageType.FindFieldByNumber(2) };
                    foreach (DictionaryEntry entry in map)
                    {
                        var entryPath = $"{path}[{entry.Key}]";
                        CheckValue(keyRule, entry.Key, entryPath, violations);
                        CheckValue(valueRule, entry.Value, entryPath, violations);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)field.Accessor.GetValue(message))
                {
                    CheckValue(rule, item, $"{path}[{index++}]", violations);
                }
            }
            else if (!field.HasPresence || field.Accessor.HasValue(message))
            {
                CheckValue(rule, field.Accessor.GetValue(message), path, violations);
            }

            if (violations.Count >= InputLimits.MaxViolations)
            {
                return;
            }
        }
    }

    private static void CheckValue(Rule rule, object? value, string path, List<FieldViolation> violations)
    {
        switch (value)
        {
            case null:
                return;
            case IMessage child:
                Walk(child, path + ".", violations);
                return;
            case string text:
                CheckString(rule, text, path, violations);
                return;
            case double or float:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (!double.IsFinite(number))
                {
                    violations.Add(new(path, "must be a finite number."));
                    return;
                }

                CheckRange(rule, number, path, violations);
                return;
            case int or long or uint or ulong:
                CheckRange(rule, Convert.ToDouble(value, CultureInfo.InvariantCulture), path, violations);
                return;
        }

        // Proto3 accepts any number for an enum ("kind: 999"); only the contract's values are meant.
        if (rule.Field.FieldType == FieldType.Enum)
        {
            var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
            if (rule.Field.EnumType.FindValueByNumber(number) is null)
            {
                violations.Add(new(path, $"{number} is not a value of {rule.Field.EnumType.Name}."));
            }
        }
    }

    private static void CheckString(Rule rule, string text, string path, List<FieldViolation> violations)
    {
        if (text.Length > rule.MaxLength)
        {
            violations.Add(new(path, $"must be at most {rule.MaxLength} characters, got {text.Length}."));
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(rule.Format == StringFormat.Multiline && c is '\t' or '\n' or '\r'))
            {
                violations.Add(new(path, $"must not contain control characters (U+{(int)c:X4} at position {i})."));
                return;
            }

            // A lone surrogate (JSON "\ud800") is not a character and cannot be stored as UTF-8.
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                violations.Add(new(path, $"is not valid Unicode (a lone surrogate at position {i})."));
                return;
            }
        }

        // Written forms ("13/6/2019", which Directives reads) are left to the service's parser, which
        // holds them to the same range; an ISO-shaped date must be real and in range here.
        if (rule.Format == StringFormat.Date && IsoShape().IsMatch(text) && !IsPlatformDate(text))
        {
            violations.Add(new(path,
                $"must be a date YYYY-MM-DD from {InputLimits.FirstDate:yyyy-MM-dd} to {InputLimits.LastDate:yyyy-MM-dd}."));
        }
    }

    /// <summary>A real date in YYYY-MM-DD within the platform's range (surrounding spaces allowed, as the services read dates).</summary>
    public static bool IsPlatformDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && InputLimits.IsInDateRange(date);

    [GeneratedRegex(@"^\s*[0-9]+-[0-9]+-[0-9]+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoShape();

    private static void CheckRange(Rule rule, double number, string path, List<FieldViolation> violations)
    {
        if ((rule.Minimum is { } min && number < min) || (rule.Maximum is { } max && number > max))
        {
            var bounds = (rule.Minimum, rule.Maximum) switch
            {
                ({ } lo, { } hi) => $"between {lo.ToString(CultureInfo.InvariantCulture)} and {hi.ToString(CultureInfo.InvariantCulture)}",
                ({ } lo, null) => $"at least {lo.ToString(CultureInfo.InvariantCulture)}",
                _ => $"at most {rule.Maximum!.Value.ToString(CultureInfo.InvariantCulture)}",
            };
            violations.Add(new(path, $"must be {bounds}."));
        }
    }

    private static void CheckTimestamp(Timestamp timestamp, string path, List<FieldViolation> violations)
    {
        // The range Timestamp itself defines (0001-01-01..9999-12-31); outside it ToDateTime throws.
        if (timestamp.Seconds is < -62135596800 or > 253402300799 || timestamp.Nanos is < 0 or > 999_999_999)
        {
            violations.Add(new(path, "is not a valid timestamp."));
        }
    }

    private static Rule[] PlanFor(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, static d =>
        d.Fields.InDeclarationOrder()
            .Where(f => !IsOutputOnly(f))
            .Select(f =>
            {
                var options = f.GetOptions();
                var maxLength = options?.GetExtension(FieldOptionsExtensions.MaxLength) is > 0 and var length ? length : InputLimits.DefaultMaxLength;
                return new Rule(
                    f,
                    maxLength,
                    options?.GetExtension(FieldOptionsExtensions.Format) ?? StringFormat.Unspecified,
                    options?.HasExtension(FieldOptionsExtensions.Minimum) == true ? options.GetExtension(FieldOptionsExtensions.Minimum) : null,
                    options?.HasExtension(FieldOptionsExtensions.Maximum) == true ? options.GetExtension(FieldOptionsExtensions.Maximum) : null);
            })
            .ToArray());

    private static bool IsOutputOnly(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) is { } behaviors
        && behaviors.Contains(Google.Api.FieldBehavior.OutputOnly);
}
