using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace NgheAn.ServiceDefaults.Errors;

/// <summary>
/// The platform's one error shape: a gRPC status carrying google.rpc details. JSON transcoding turns
/// it into the matching HTTP status (400, 404, 409…) with the same details in the body.
/// </summary>
public static class ApiErrors
{
    private const string Domain = "nghean.vn";

    public static RpcException InvalidArgument(IEnumerable<FieldViolation> violations)
    {
        var list = violations.ToList();
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(list.Select(v => new BadRequest.Types.FieldViolation
        {
            Field = v.Field,
            Description = v.Description,
        }));
        var message = string.Join("; ", list.Select(v => $"{v.Field}: {v.Description}"));
        return Build(Code.InvalidArgument, message, Any.Pack(badRequest));
    }

    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([new FieldViolation(field, description)]);

    public static RpcException NotFound(string resourceType, string resourceName) =>
        Build(Code.NotFound, $"{resourceType} '{resourceName}' was not found.",
            Any.Pack(new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName }));

    public static RpcException AlreadyExists(string resourceType, string resourceName, string description) =>
        Build(Code.AlreadyExists, description,
            Any.Pack(new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName, Description = description }),
            Any.Pack(new ErrorInfo { Reason = "ALREADY_EXISTS", Domain = Domain }));

    /// <summary>The caller may not do this here. Also the answer for records it may not see, existing or not (AIP-211).</summary>
    public static RpcException PermissionDenied(string description) =>
        Build(Code.PermissionDenied, description, Any.Pack(new ErrorInfo { Reason = "PERMISSION_DENIED", Domain = Domain }));

    /// <summary>
    /// The request is well-formed but a rule refuses it in the current state (AIP-193): the
    /// description names the rule; <paramref name="subject"/> is what it is about.
    /// </summary>
    public static RpcException FailedPrecondition(string type, string subject, string description)
    {
        var failure = new PreconditionFailure();
        failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = description });
        return Build(Code.FailedPrecondition, description, Any.Pack(failure),
            Any.Pack(new ErrorInfo { Reason = type.ToUpperInvariant().Replace('-', '_'), Domain = Domain }));
    }

    private static RpcException Build(Code code, string message, params Any[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details);
        return status.ToRpcException();
    }
}
