using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Directives.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Who may do what, through the gateway, over JSON and gRPC: for every role alone and for tokens
/// with two roles, a caller of the ward Trường Vinh acting on its own unit, on a cell below it, on
/// the province above it and on a sibling ward; and whether the person's birth date (a personal
/// field) comes back. The rule is written out here independently of the services' code.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessMatrixTests(PlatformFixture platform)
{
    private const string CallerUnit = "phuong-truong-vinh";
    private static int _nextNumber = 100;

    public enum Target { Own, Child, Parent, Other }

    public enum Method { GetOrgUnit, CreateDocument, GetDocument, CreatePerson, GetPerson }

    private static readonly Dictionary<Target, string> Units = new()
    {
        [Target.Own] = CallerUnit,
        [Target.Child] = "chi-bo-khoi-1-truong-vinh",
        [Target.Parent] = "nghe-an",
        [Target.Other] = "phuong-vinh-hung",
    };

    /// <summary>Every role alone, and pairs where a province-wide role sits beside a unit-scoped one.</summary>
    private static readonly string[] RoleSets =
    [
        .. PlatformRoles.All.Order(),
        $"{PlatformRoles.Analyst}+{PlatformRoles.UnitStaff}",
        $"{PlatformRoles.Propaganda}+{PlatformRoles.PartyMember}",
        $"{PlatformRoles.EmulationCouncil}+{PlatformRoles.CellSecretary}",
        $"{PlatformRoles.InspectionCommission}+{PlatformRoles.UnitStaff}",
    ];

    public static TheoryData<string, Target, Method, bool> Cases()
    {
        var cases = new TheoryData<string, Target, Method, bool>();
        foreach (var roles in RoleSets)
        {
            foreach (var target in Enum.GetValues<Target>())
            {
                foreach (var method in Enum.GetValues<Method>())
                {
                    cases.Add(roles, target, method, false);
                    cases.Add(roles, target, method, true);
                }
            }
        }

        return cases;
    }

    private static readonly HashSet<string> ProvinceWide =
    [
        PlatformRoles.ProvincialOffice, PlatformRoles.OrganizationCommittee, PlatformRoles.InspectionCommission,
        PlatformRoles.EmulationCouncil, PlatformRoles.Propaganda, PlatformRoles.Analyst,
    ];

    /// <summary>The roles each method allows, as the README states them.</summary>
    private static IEnumerable<string> RolesOf(Method method) => method switch
    {
        Method.CreateDocument => [PlatformRoles.ProvincialOffice, PlatformRoles.OrganizationCommittee, PlatformRoles.InspectionCommission, PlatformRoles.EmulationCouncil, PlatformRoles.Propaganda, PlatformRoles.UnitStaff],
        // People are kept by the Organization Committee, the provincial office and each unit's staff.
        Method.CreatePerson => [PlatformRoles.OrganizationCommittee, PlatformRoles.ProvincialOffice, PlatformRoles.UnitStaff],
        _ => PlatformRoles.All,
    };

    /// <summary>
    /// The rule under test: each role the method allows brings its own reach (province-wide: all;
    /// unit-scoped: its subtree for changes and people, plus the units above for other reads).
    /// </summary>
    private static bool Allowed(string[] roles, Target target, Method method) =>
        roles.Intersect(RolesOf(method)).Any(role => ProvinceWide.Contains(role) || target switch
        {
            Target.Own or Target.Child => true,
            Target.Parent => method is Method.GetOrgUnit or Method.GetDocument,
            _ => false,
        });

    /// <summary>The birth date is shown to the roles it names, when that role reaches the person.</summary>
    private static bool SeesBirthDate(string[] roles, Target target) =>
        roles.Intersect([PlatformRoles.OrganizationCommittee, PlatformRoles.ProvincialOffice, PlatformRoles.UnitStaff])
            .Any(role => ProvinceWide.Contains(role) || target is Target.Own or Target.Child);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Role_on_unit(string roleSet, Target target, Method method, bool overGrpc)
    {
        var roles = roleSet.Split('+');
        var token = DevelopmentTokens.Create(roles, CallerUnit, person: $"matrix-{roleSet}-{target}-{method}-{overGrpc}");
        var unit = Units[target];
        var expected = Allowed(roles, target, method);

        var outcome = method switch
        {
            Method.GetOrgUnit => await GetOrgUnitAsync(token, unit, overGrpc),
            Method.CreateDocument => await CreateDocumentAsync(token, unit, overGrpc),
            Method.GetDocument => await GetDocumentAsync(token, await DocumentOfAsync(unit), overGrpc),
            Method.CreatePerson => await CreatePersonAsync(token, unit, overGrpc),
            Method.GetPerson => await GetPersonAsync(token, await PersonOfAsync(unit), overGrpc, SeesBirthDate(roles, target)),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };

        Assert.Equal(expected ? Outcome.Allowed : Outcome.Denied, outcome);
    }

    private enum Outcome { Allowed, Denied }

    private async Task<Outcome> GetOrgUnitAsync(string token, string unit, bool overGrpc) => overGrpc
        ? await GrpcOutcomeAsync(() => new OrgUnitsService.OrgUnitsServiceClient(platform.GrpcChannelFor(token)).GetOrgUnitAsync(new GetOrgUnitRequest { Id = unit }).ResponseAsync)
        : await JsonOutcomeAsync(client => client.GetAsync($"/v1/org-units/{unit}"), token);

    private async Task<Outcome> CreateDocumentAsync(string token, string unit, bool overGrpc)
    {
        var number = Interlocked.Increment(ref _nextNumber);
        var document = new { symbol = $"{number}-CV/VPTU", title = $"Công văn kiểm tra quyền số {number}", issueDate = "2025-11-03", unitId = unit };
        return overGrpc
            ? await GrpcOutcomeAsync(() => new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(token)).CreateDocumentAsync(new CreateDocumentRequest
            {
                Document = new Document { Symbol = document.symbol, Title = document.title, IssueDate = document.issueDate, UnitId = unit },
            }).ResponseAsync)
            : await JsonOutcomeAsync(client => client.PostAsJsonAsync("/v1/documents", document), token);
    }

    private async Task<Outcome> GetDocumentAsync(string token, string documentId, bool overGrpc) => overGrpc
        ? await GrpcOutcomeAsync(() => new DirectivesService.DirectivesServiceClient(platform.GrpcChannelFor(token)).GetDocumentAsync(new GetDocumentRequest { Id = documentId }).ResponseAsync)
        : await JsonOutcomeAsync(client => client.GetAsync($"/v1/documents/{documentId}"), token);

    private async Task<Outcome> CreatePersonAsync(string token, string unit, bool overGrpc)
    {
        var person = new { fullName = $"Người kiểm tra quyền {Interlocked.Increment(ref _nextNumber)}", unitId = unit, kind = "PERSON_KIND_CADRE", membership = "MEMBERSHIP_FULL", birthDate = "1985-03-04", sex = "SEX_FEMALE" };
        return overGrpc
            ? await GrpcOutcomeAsync(() => new CadresService.CadresServiceClient(platform.GrpcChannelFor(token)).CreatePersonAsync(new CreatePersonRequest
            {
                Person = new Person { FullName = person.fullName, UnitId = unit, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = person.birthDate, Sex = Sex.Female },
            }).ResponseAsync)
            : await JsonOutcomeAsync(client => client.PostAsJsonAsync("/v1/people", person), token);
    }

    // Allowed or not, and when allowed, the birth date present exactly for the callers who may see it.
    private async Task<Outcome> GetPersonAsync(string token, string personId, bool overGrpc, bool seesBirthDate)
    {
        if (overGrpc)
        {
            return await GrpcOutcomeAsync(async () =>
            {
                var person = await new CadresService.CadresServiceClient(platform.GrpcChannelFor(token)).GetPersonAsync(new GetPersonRequest { Id = personId }).ResponseAsync;
                Assert.Equal(seesBirthDate ? "1980-01-01" : "", person.BirthDate);
                return person;
            });
        }

        using var client = platform.JsonClientWithToken(token);
        using var response = await client.GetAsync($"/v1/people/{personId}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(seesBirthDate, body.Contains("\"birthDate\":\"1980-01-01\"", StringComparison.Ordinal));
            return Outcome.Allowed;
        }

        return response.StatusCode == HttpStatusCode.Forbidden
            ? Outcome.Denied
            : throw new Xunit.Sdk.XunitException($"Expected 200 or 403, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    // One person per unit, registered by the provincial office.
    private static readonly SemaphoreSlim PeopleLock = new(1, 1);
    private static readonly Dictionary<string, string> PersonIds = [];

    private async Task<string> PersonOfAsync(string unit)
    {
        await PeopleLock.WaitAsync();
        try
        {
            if (!PersonIds.TryGetValue(unit, out var id))
            {
                var created = await new CadresService.CadresServiceClient(platform.Grpc).CreatePersonAsync(new CreatePersonRequest
                {
                    Person = new Person { FullName = $"Cán bộ của {unit}", UnitId = unit, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1980-01-01", Sex = Sex.Male },
                });
                PersonIds[unit] = id = created.Id;
            }

            return id;
        }
        finally
        {
            PeopleLock.Release();
        }
    }

    // One document per unit, created by the provincial office.
    private static readonly SemaphoreSlim DocumentsLock = new(1, 1);
    private static readonly Dictionary<string, string> DocumentIds = [];

    private async Task<string> DocumentOfAsync(string unit)
    {
        await DocumentsLock.WaitAsync();
        try
        {
            if (!DocumentIds.TryGetValue(unit, out var id))
            {
                var number = Interlocked.Increment(ref _nextNumber);
                var created = await new DirectivesService.DirectivesServiceClient(platform.Grpc).CreateDocumentAsync(new CreateDocumentRequest
                {
                    Document = new Document { Symbol = $"{number}-TB/TU", Title = $"Thông báo của đơn vị {unit}", IssueDate = "2025-11-04", UnitId = unit },
                });
                DocumentIds[unit] = id = created.Id;
            }

            return id;
        }
        finally
        {
            DocumentsLock.Release();
        }
    }

    private async Task<Outcome> JsonOutcomeAsync(Func<HttpClient, Task<HttpResponseMessage>> call, string token)
    {
        using var client = platform.JsonClientWithToken(token);
        using var response = await call(client);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Allowed,
            HttpStatusCode.Forbidden => Outcome.Denied,
            var other => throw new Xunit.Sdk.XunitException($"Expected 200 or 403, got {(int)other}: {await response.Content.ReadAsStringAsync()}"),
        };
    }

    private static async Task<Outcome> GrpcOutcomeAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
            return Outcome.Allowed;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            return Outcome.Denied;
        }
    }
}
