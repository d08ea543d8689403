using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using NgheAn.Contracts.Common.V1;

namespace NgheAn.Contracts.Tests;

/// <summary>
/// The input limits that live in the contracts (nghean.common.v1 field options) are where the
/// validation interceptor looks for them: every date a caller sends says it is a date.
/// </summary>
public partial class ProtoConventionTests
{
    [Fact]
    public void Every_date_field_a_caller_sends_has_the_date_format()
    {
        var bad = InputStringFields()
            .Where(f => DateName().IsMatch(f.Name) && f.GetOptions()?.GetExtension(FieldOptionsExtensions.Format) != StringFormat.Date)
            .Select(f => f.FullName);

        Assert.Empty(bad);
    }

    [Fact]
    public void Only_strings_have_a_max_length_or_format_and_only_numbers_have_bounds()
    {
        var bad = Files.SelectMany(f => f.MessageTypes).SelectMany(AllFields).Where(f =>
        {
            var options = f.GetOptions();
            var isString = f.FieldType == FieldType.String;
            var isNumber = f.FieldType is FieldType.Double or FieldType.Float or FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64;
            return options is not null
                && ((!isString && (options.HasExtension(FieldOptionsExtensions.MaxLength) || options.HasExtension(FieldOptionsExtensions.Format)))
                    || (!isNumber && (options.HasExtension(FieldOptionsExtensions.Minimum) || options.HasExtension(FieldOptionsExtensions.Maximum))));
        }).Select(f => f.FullName);

        Assert.Empty(bad);
    }

    // String fields of request messages (and the messages inside them) that a caller fills in.
    private static IEnumerable<FieldDescriptor> InputStringFields()
    {
        var seen = new HashSet<MessageDescriptor>();
        var pending = new Stack<MessageDescriptor>(Methods.Select(m => m.InputType));
        while (pending.TryPop(out var message))
        {
            if (!seen.Add(message) || message.File.Package.StartsWith("google.", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var field in message.Fields.InDeclarationOrder())
            {
                if (field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.OutputOnly) == true)
                {
                    continue;
                }

                if (field.FieldType == FieldType.Message)
                {
                    pending.Push(field.MessageType);
                }
                else if (field.FieldType == FieldType.String)
                {
                    yield return field;
                }
            }
        }
    }

    private static IEnumerable<FieldDescriptor> AllFields(MessageDescriptor message) =>
        message.Fields.InDeclarationOrder().Concat(message.NestedTypes.SelectMany(AllFields));

    [GeneratedRegex(@"(_date|_on|^valid_from|^valid_to|^eligible_from|^starts|^period_start|^period_end|^planned_days)$", RegexOptions.CultureInvariant)]
    private static partial Regex DateName();
}
