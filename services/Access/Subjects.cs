using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NgheAn.Contracts.Common.V1;

namespace NgheAn.Access;

/// <summary>A unit or person a request names, with the field that names it.</summary>
public sealed record NamedSubject(Subject Kind, string Field, string Value);

/// <summary>
/// Finds the units and people a request names, from the contract's (nghean.common.v1.subject)
/// field options, in nested and repeated messages too, so every method is covered by declaring it.
/// </summary>
public static class Subjects
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> Plans = new();

    public static IEnumerable<NamedSubject> In(IMessage message, string prefix = "")
    {
        foreach (var field in PlanFor(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            var path = prefix + field.Name;
            if (field.FieldType == FieldType.Message)
            {
                var children = field.IsRepeated ? ((System.Collections.IEnumerable)value).OfType<IMessage>() : value is IMessage one ? [one] : [];
                foreach (var subject in children.SelectMany(child => In(child, path + ".")))
                {
                    yield return subject;
                }

                continue;
            }

            var kind = field.GetOptions().GetExtension(AccessExtensions.Subject);
            foreach (var text in field.IsRepeated ? ((System.Collections.IEnumerable)value).OfType<string>() : [(string)value])
            {
                if (text.Trim() is { Length: > 0 } given)
                {
                    yield return new NamedSubject(kind, path, given);
                }
            }
        }
    }

    // Per message type: the subject fields and the message fields that may hold some.
    private static FieldDescriptor[] PlanFor(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, static d =>
        d.Fields.InDeclarationOrder()
            .Where(f => IsSubject(f) || (f.FieldType == FieldType.Message && !f.IsMap && MayHold(f.MessageType, [])))
            .ToArray());

    private static bool IsSubject(FieldDescriptor field) =>
        field.FieldType == FieldType.String && field.GetOptions()?.GetExtension(AccessExtensions.Subject) is Subject.Unit or Subject.Person;

    private static bool MayHold(MessageDescriptor descriptor, HashSet<MessageDescriptor> seen) =>
        seen.Add(descriptor) && descriptor.Fields.InDeclarationOrder().Any(f =>
            IsSubject(f) || (f.FieldType == FieldType.Message && !f.IsMap && MayHold(f.MessageType, seen)));
}
