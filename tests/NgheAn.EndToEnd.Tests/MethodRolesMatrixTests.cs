using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using NgheAn.Contracts.Common.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Generated from the contracts: every RPC of every service, called through the gateway by every
/// role alone and by tokens with two roles, is refused (PERMISSION_DENIED) exactly when none of the
/// token's roles is one the contract lists for it ((nghean.common.v1.access)). A new method is
/// covered as soon as it is in a contract. The request is empty: a role the method allows gets past
/// access to the method's own checks (an input error, a missing record), never a refusal of its role.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MethodRolesMatrixTests(PlatformFixture platform)
{
    private const string CallerUnit = "phuong-truong-vinh";

    private static readonly ServiceDescriptor[] Services = [.. NgheAn.Contracts.ContractDescriptors.Services];

    private static readonly string[][] RoleSets =
    [
        .. PlatformRoles.All.Order().Select(role => new[] { role }),
        [PlatformRoles.Analyst, PlatformRoles.UnitStaff],
        [PlatformRoles.Analyst, PlatformRoles.CellSecretary],
        [PlatformRoles.Propaganda, PlatformRoles.PartyMember],
        [PlatformRoles.EmulationCouncil, PlatformRoles.InspectionCommission],
    ];

    public static TheoryData<string> Methods() => [.. Services.SelectMany(s => s.Methods).Select(m => m.FullName)];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Refuses_exactly_the_roles_its_contract_does_not_list(string fullName)
    {
        var method = Services.SelectMany(s => s.Methods).Single(m => m.FullName == fullName);
        var declared = method.GetOptions()?.GetExtension(AccessExtensions.Access)?.Roles.ToHashSet()
            ?? throw new Xunit.Sdk.XunitException($"{fullName} declares no access in its contract.");
        var call = new Method<IMessage, IMessage>(MethodType.Unary, method.Service.FullName, method.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), method.InputType.Parser.ParseFrom),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), method.OutputType.Parser.ParseFrom));

        var wrong = new List<string>();
        foreach (var roles in RoleSets)
        {
            var token = DevelopmentTokens.Create(roles, CallerUnit, person: $"roles-{method.Name}-{string.Join('+', roles)}");
            using var channel = platform.GrpcChannelFor(token);
            var invoker = channel.CreateCallInvoker();
            var code = StatusCode.OK;
            try
            {
                await invoker.AsyncUnaryCall(call, null, new CallOptions(), (IMessage)Activator.CreateInstance(method.InputType.ClrType)!);
            }
            catch (RpcException ex)
            {
                code = ex.StatusCode;
            }

            var refused = code == StatusCode.PermissionDenied;
            if (refused != !roles.Any(declared.Contains) || code is StatusCode.Unauthenticated)
            {
                wrong.Add($"{string.Join('+', roles)}: {code}");
            }
        }

        Assert.True(wrong.Count == 0, $"{fullName} (declared: {string.Join(", ", declared)}): {string.Join("; ", wrong)}");
    }
}
