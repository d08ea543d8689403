using Google.Protobuf.Reflection;
using NgheAn.Access.Fields;
using NgheAn.Contracts.Common.V1;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access.Tests;

/// <summary>Every method of every service declares its access in the contract, in terms the access model understands.</summary>
public sealed class ContractDeclarationTests
{
    public static readonly ServiceDescriptor[] Services = [.. NgheAn.Contracts.ContractDescriptors.Services];

    public static TheoryData<string> Methods() => [.. Services.SelectMany(s => s.Methods).Select(m => m.FullName)];

    private static MethodDescriptor Method(string fullName) => Services.SelectMany(s => s.Methods).Single(m => m.FullName == fullName);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Declares_known_roles(string method)
    {
        var declaration = MethodCatalog.Declare(Method(method));
        Assert.NotNull(declaration);
        Assert.NotEmpty(declaration.Roles);
        Assert.All(declaration.Roles, role => Assert.Contains(role, PlatformRoles.All));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_read_that_answers_personal_fields_reads_only_the_own_subtree(string method)
    {
        var declaration = MethodCatalog.Declare(Method(method))!;
        if (!declaration.Write && PersonalFields.Carries(Method(method).OutputType))
        {
            Assert.True(declaration.SubtreeOnly, $"{method} answers personal fields: declare subtree_only, so unit roles never read them from the units above.");
        }
    }

    [Fact]
    public void The_catalogue_governs_the_platform_services_only()
    {
        var catalog = new MethodCatalog(Services);
        Assert.True(catalog.Governs("/nghean.cadrework.v1.CadresService/GetPerson"));
        Assert.NotNull(catalog.Find("/nghean.cadrework.v1.CadresService/GetPerson"));
        Assert.False(catalog.Governs("/grpc.health.v1.Health/Check"));
        Assert.True(catalog.Find("/nghean.directives.v1.DirectivesService/GetDocument")!.Write is false);
        Assert.True(catalog.Find("/nghean.directives.v1.DirectivesService/CreateDocument")!.Write);
    }

    [Fact]
    public void Subjects_are_found_in_nested_and_repeated_fields()
    {
        var request = new NgheAn.Contracts.Directives.V1.CreateTaskRequest
        {
            DocumentId = "d",
            Task = new NgheAn.Contracts.Directives.V1.DocumentTask { LeadUnitId = "phuong-a", CoordinatingUnitIds = { "phuong-b", " " } },
        };
        var found = Subjects.In(request).ToList();
        Assert.Equal(
            [new NamedSubject(Subject.Unit, "task.lead_unit_id", "phuong-a"), new NamedSubject(Subject.Unit, "task.coordinating_unit_ids", "phuong-b")],
            found);
    }
}
