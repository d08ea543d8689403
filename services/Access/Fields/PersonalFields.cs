using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NgheAn.Contracts.Common.V1;

namespace NgheAn.Access.Fields;

/// <summary>
/// Clears personal fields from an answer. A field says who may see it with the proto option
/// (nghean.common.v1.visible_to); the rule lives in the contract, once, and applies to gRPC and
/// JSON alike (transcoding runs through the same interceptors). Which of the caller's roles count
/// for a record is the access model's answer (<see cref="CallAccess.FieldRoles"/>).
/// </summary>
public static class PersonalFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Guarded[]> Plans = new();

    /// <summary>Clears, in place and in nested messages, every field the roles may not see.</summary>
    public static void Redact(IMessage message, IReadOnlySet<string> roles)
    {
        foreach (var guarded in PlanFor(message.Descriptor))
        {
            var field = guarded.Field;
            if (guarded.VisibleTo.Count > 0 && !guarded.VisibleTo.Overlaps(roles))
            {
                field.Accessor.Clear(message);
            }
            else if (field.FieldType == FieldType.Message && field.Accessor.GetValue(message) is { } value)
            {
                foreach (var child in field.IsRepeated ? ((System.Collections.IEnumerable)value).OfType<IMessage>() : [(IMessage)value])
                {
                    Redact(child, roles);
                }
            }
        }
    }

    /// <summary>Whether a message type carries personal fields anywhere inside it.</summary>
    public static bool Carries(MessageDescriptor descriptor) => PlanFor(descriptor).Length > 0;

    private sealed record Guarded(FieldDescriptor Field, HashSet<string> VisibleTo);

    // Per message type: its guarded fields and the message fields that may contain guarded ones.
    private static Guarded[] PlanFor(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, static d =>
        d.Fields.InDeclarationOrder()
            .Select(f => new Guarded(f, [.. VisibleTo(f)]))
            .Where(g => g.VisibleTo.Count > 0 || (g.Field.FieldType == FieldType.Message && !g.Field.IsMap && MayContainGuarded(g.Field.MessageType, [])))
            .ToArray());

    // An unset repeated extension reads as null, not as an empty list.
    private static IReadOnlyList<string> VisibleTo(FieldDescriptor field) =>
        (IReadOnlyList<string>?)field.GetOptions()?.GetExtension(FieldOptionsExtensions.VisibleTo) ?? [];

    private static bool MayContainGuarded(MessageDescriptor descriptor, HashSet<MessageDescriptor> seen) =>
        seen.Add(descriptor) && descriptor.Fields.InDeclarationOrder().Any(f =>
            VisibleTo(f).Count > 0
            || (f.FieldType == FieldType.Message && !f.IsMap && MayContainGuarded(f.MessageType, seen)));
}
