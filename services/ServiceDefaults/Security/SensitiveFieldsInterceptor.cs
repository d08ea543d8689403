using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NgheAn.Contracts.Common.V1;

namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// Clears personal fields from responses for callers whose roles may not see them. A field says who
/// may see it with the proto option (nghean.common.v1.visible_to); the rule lives in the contract,
/// once, and applies to gRPC and JSON alike (transcoding runs through the same interceptors).
/// </summary>
public sealed class SensitiveFieldsInterceptor : Interceptor
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Guarded[]> Plans = new();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var response = await continuation(request, context);
        if (response is IMessage message)
        {
            Redact(message, Caller.From(context.GetHttpContext().User).Roles);
        }

        return response;
    }

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
