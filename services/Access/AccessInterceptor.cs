using Grpc.Core;
using Grpc.Core.Interceptors;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.Access.Fields;
using NgheAn.Access.Rules;
using NgheAn.Access.Units;
using NgheAn.Contracts.Common.V1;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access;

/// <summary>
/// Asks the access model about every call before the method runs: the method's declared roles
/// (a role the method does not list brings nothing), the token's unit (it must be in the tree),
/// and every unit or person the request names (within the reach of the allowed roles: the write
/// reach for a change). A refused change is recorded in the audit trail. After the method, clears
/// the personal fields the caller may not see.
/// </summary>
public sealed class AccessInterceptor(MethodCatalog catalog) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!catalog.Governs(context.Method))
        {
            return await continuation(request, context); // health checks, reflection
        }

        var http = context.GetHttpContext();
        var access = http.RequestServices.GetRequiredService<CallAccess>();
        var declaration = catalog.Find(context.Method)
            ?? throw ApiErrors.PermissionDenied($"{context.Method} declares no access and is refused to everyone.");
        TResponse response;
        try
        {
            if (await access.BeginAsync(Caller.From(http.User), declaration, context.CancellationToken) is { } refused)
            {
                throw refused;
            }

            if (request is IMessage message)
            {
                await DemandSubjectsAsync(message, access, http.RequestServices.GetRequiredService<IUnitDirectory>(), context.CancellationToken);
            }

            response = await continuation(request, context);
        }
        catch (RpcException denied) when (denied.StatusCode == StatusCode.PermissionDenied && declaration.Write)
        {
            // A refused change is itself worth auditing: who tried to write what they may not.
            await http.RequestServices.GetRequiredService<IDeniedWrites>().RecordAsync(access.Caller, declaration, denied.Status.Detail, http);
            throw;
        }

        if (response is IMessage answer)
        {
            PersonalFields.Redact(answer, access.FieldRoles());
        }

        return response;
    }

    private static async Task DemandSubjectsAsync(IMessage request, CallAccess access, IUnitDirectory units, CancellationToken cancellationToken)
    {
        foreach (var subject in Subjects.In(request))
        {
            string? path;
            AccessKind kind;
            if (subject.Kind == Subject.Person)
            {
                // A malformed id is the method's INVALID_ARGUMENT to give.
                if (!Guid.TryParse(subject.Value, out var person))
                {
                    continue;
                }

                path = await units.PathOfPersonAsync(person, cancellationToken);
                kind = access.Method.Write ? AccessKind.Write : AccessKind.OwnSubtree;
            }
            else
            {
                // A malformed id is the input checks' to refuse, naming the field; it names no unit.
                if (!UnitIds.IsWellFormed(subject.Value))
                {
                    continue;
                }

                path = await units.PathOfUnitAsync(subject.Value, cancellationToken);
                kind = access.Kind;
            }

            // What the service does not know is the method's to judge for a caller who reaches
            // everywhere (an unknown unit is an input error, a new person may not have arrived yet);
            // for anyone else it answers like what is out of reach.
            if (path is null && access.Everywhere)
            {
                continue;
            }

            access.Demand(path, kind, subject.Kind == Subject.Person ? $"person '{subject.Value}' ({subject.Field})" : $"unit '{subject.Value}' ({subject.Field})");
        }
    }
}
