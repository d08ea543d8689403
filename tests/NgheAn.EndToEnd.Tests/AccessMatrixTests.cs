using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Directives.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Who may do what, through the gateway, over JSON and gRPC: for every role, a caller of the ward
/// Trường Vinh acting on its own unit, on a cell below it and on another ward.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessMatrixTests(PlatformFixture platform)
{
    private const string CallerUnit = "phuong-truong-vinh";
    private static int _nextNumber = 100;

    public enum Target { Own, Child, Other }

    public enum Method { GetOrgUnit, CreateDocument, GetDocument }

    private static readonly Dictionary<Target, string> Units = new()
    {
        [Target.Own] = CallerUnit,
        [Target.Child] = "chi-bo-khoi-1-truong-vinh",
        [Target.Other] = "phuong-vinh-hung",
    };

    public static TheoryData<string, Target, Method, bool> Cases()
    {
        var cases = new TheoryData<string, Target, Method, bool>();
        foreach (var role in PlatformRoles.All.Order())
        {
            foreach (var target in Enum.GetValues<Target>())
            {
                foreach (var method in Enum.GetValues<Method>())
                {
                    cases.Add(role, target, method, false);
                    cases.Add(role, target, method, true);
                }
            }
        }

        return cases;
    }

    /// <summary>The rule under test, written out independently of the services' code.</summary>
    private static bool Allowed(string role, Target target, Method method)
    {
        var provinceWide = role is PlatformRoles.ProvincialOffice or PlatformRoles.OrganizationCommittee or PlatformRoles.InspectionCommission
            or PlatformRoles.EmulationCouncil or PlatformRoles.Propaganda or PlatformRoles.Analyst;
        var inScope = provinceWide || target != Target.Other;
        return method switch
        {
            Method.CreateDocument => inScope && role is not (PlatformRoles.CellSecretary or PlatformRoles.PartyMember or PlatformRoles.Analyst),
            _ => inScope,
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Role_on_unit(string role, Target target, Method method, bool overGrpc)
    {
        var token = DevelopmentTokens.Create([role], CallerUnit, person: $"matrix-{role}-{target}-{method}-{overGrpc}");
        var unit = Units[target];
        var expected = Allowed(role, target, method);

        var outcome = method switch
        {
            Method.GetOrgUnit => await GetOrgUnitAsync(token, unit, overGrpc),
            Method.CreateDocument => await CreateDocumentAsync(token, unit, overGrpc),
            Method.GetDocument => await GetDocumentAsync(token, await DocumentOfAsync(unit), overGrpc),
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
