using Grpc.Core;

namespace NgheAn.ServiceDefaults.Security;

public static class CallerExtensions
{
    /// <summary>The authenticated caller of a gRPC (or transcoded JSON) call.</summary>
    public static Caller Caller(this ServerCallContext context) => Security.Caller.From(context.GetHttpContext().User);
}
