using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Common.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Generated from the contracts: every RPC whose request names a unit or a person
/// ((nghean.common.v1.subject)) is called through the gateway with those fields naming the
/// caller's own unit, a cell below it, the province above it and a sibling ward (or a person
/// there), by every role alone and by tokens with two roles. Refused (PERMISSION_DENIED) exactly
/// when no role the method lists reaches it — the rule written out here, not taken from the
/// services: province-wide roles reach every unit; unit-scoped roles their own subtree, and for
/// reads of non-personal records (a GET not marked subtree_only, naming no person) the units above.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SubjectReachMatrixTests(PlatformFixture platform)
{
    private const string CallerUnit = "phuong-truong-vinh";

    public enum Relation { Own, Child, Parent, Sibling }

    private static readonly Dictionary<Relation, string> Units = new()
    {
        [Relation.Own] = CallerUnit,
        [Relation.Child] = "chi-bo-khoi-1-truong-vinh",
        [Relation.Parent] = "nghe-an",
        [Relation.Sibling] = "phuong-vinh-hung",
    };

    private static readonly ServiceDescriptor[] Services = [.. NgheAn.Contracts.ContractDescriptors.Services];

    private static readonly string[][] RoleSets =
    [
        .. PlatformRoles.All.Order().Select(role => new[] { role }),
        [PlatformRoles.Analyst, PlatformRoles.UnitStaff],
        [PlatformRoles.Propaganda, PlatformRoles.PartyMember],
    ];

    private static readonly HashSet<string> ProvinceWide =
    [
        PlatformRoles.ProvincialOffice, PlatformRoles.OrganizationCommittee, PlatformRoles.InspectionCommission,
        PlatformRoles.EmulationCouncil, PlatformRoles.Propaganda, PlatformRoles.Analyst,
    ];

    public static TheoryData<string> Methods() =>
        [.. Services.SelectMany(s => s.Methods).Where(m => SubjectPaths(m.InputType).Any()).Select(m => m.FullName)];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Refuses_exactly_what_the_roles_it_lists_do_not_reach(string fullName)
    {
        var method = Services.SelectMany(s => s.Methods).Single(m => m.FullName == fullName);
        var access = method.GetOptions().GetExtension(AccessExtensions.Access);
        var read = method.GetOptions().GetExtension(AnnotationsExtensions.Http)?.PatternCase == HttpRule.PatternOneofCase.Get;
        var paths = SubjectPaths(method.InputType).ToList();
        var namesPerson = paths.Any(p => p.Kind == Subject.Person);
        var ownSubtreeOnly = !read || namesPerson || access.SubtreeOnly;
        var people = await PeopleAsync();
        var call = new Method<IMessage, IMessage>(MethodType.Unary, method.Service.FullName, method.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), method.InputType.Parser.ParseFrom),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), method.OutputType.Parser.ParseFrom));

        var wrong = new List<string>();
        foreach (var relation in Enum.GetValues<Relation>())
        {
            foreach (var roles in RoleSets)
            {
                var expected = roles.Intersect(access.Roles).Any(role => ProvinceWide.Contains(role)
                    || relation is Relation.Own or Relation.Child
                    || (relation == Relation.Parent && !ownSubtreeOnly));
                var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
                foreach (var path in paths)
                {
                    Set(request, path.Fields, path.Kind == Subject.Person ? people[relation] : Units[relation]);
                }

                var token = DevelopmentTokens.Create(roles, CallerUnit, person: $"reach-{method.Name}-{relation}-{string.Join('+', roles)}");
                var code = StatusCode.OK;
                try
                {
                    using var channel = platform.GrpcChannelFor(token);
                    await channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(), request);
                }
                catch (RpcException ex)
                {
                    code = ex.StatusCode;
                }

                if ((code == StatusCode.PermissionDenied) == expected)
                {
                    wrong.Add($"{relation} {string.Join('+', roles)}: {code}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{fullName}: {string.Join("; ", wrong)}");
    }

    private sealed record SubjectPath(FieldDescriptor[] Fields, Subject Kind);

    // The subject fields of a request, through nested messages (not recursive types).
    private static IEnumerable<SubjectPath> SubjectPaths(MessageDescriptor message, FieldDescriptor[]? prefix = null, int depth = 0)
    {
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            FieldDescriptor[] path = [.. prefix ?? [], field];
            if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap && depth < 2)
            {
                foreach (var inner in SubjectPaths(field.MessageType, path, depth + 1))
                {
                    yield return inner;
                }
            }
            else if (field.FieldType == FieldType.String && field.GetOptions()?.GetExtension(AccessExtensions.Subject) is var kind && kind is Subject.Unit or Subject.Person)
            {
                yield return new SubjectPath(path, kind!.Value);
            }
        }
    }

    private static void Set(IMessage message, FieldDescriptor[] path, string value)
    {
        foreach (var field in path[..^1])
        {
            if (field.Accessor.GetValue(message) is not IMessage child)
            {
                child = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                field.Accessor.SetValue(message, child);
            }

            message = child;
        }

        var last = path[^1];
        if (last.IsRepeated)
        {
            ((System.Collections.IList)last.Accessor.GetValue(message)).Add(value);
        }
        else
        {
            last.Accessor.SetValue(message, value);
        }
    }

    // One person in each unit, known to every service's copy of the people.
    private static readonly SemaphoreSlim PeopleLock = new(1, 1);
    private static Dictionary<Relation, string>? _people;

    private async Task<Dictionary<Relation, string>> PeopleAsync()
    {
        await PeopleLock.WaitAsync();
        try
        {
            if (_people is null)
            {
                var people = new Dictionary<Relation, string>();
                foreach (var (relation, unit) in Units)
                {
                    people[relation] = await platform.CreatePersonKnownEverywhereAsync(unit, $"Người thử phạm vi {relation}", PersonKind.PartyMember, "1981-02-03", Sex.Female);
                }

                _people = people;
            }

            return _people;
        }
        finally
        {
            PeopleLock.Release();
        }
    }
}
