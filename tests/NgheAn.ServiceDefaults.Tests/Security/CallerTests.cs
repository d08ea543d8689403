using System.Security.Claims;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

public sealed class CallerTests
{
    private static readonly string[] ProvinceWideRoles =
    [
        PlatformRoles.ProvincialOffice, PlatformRoles.OrganizationCommittee, PlatformRoles.InspectionCommission,
        PlatformRoles.EmulationCouncil, PlatformRoles.Propaganda, PlatformRoles.Analyst,
    ];

    private static readonly string[] UnitScopedRoles = [PlatformRoles.UnitStaff, PlatformRoles.CellSecretary, PlatformRoles.PartyMember];

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Fact]
    public void From_reads_person_roles_and_unit()
    {
        var caller = Caller.From(Principal(
            (PlatformClaims.Person, "can-bo-01"),
            (PlatformClaims.Role, PlatformRoles.UnitStaff),
            (PlatformClaims.Role, PlatformRoles.CellSecretary),
            (PlatformClaims.Unit, "phuong-truong-vinh"),
            (PlatformClaims.Name, "Nguyễn Văn A")));

        Assert.Equal("can-bo-01", caller.Person);
        Assert.Equal(new HashSet<string> { PlatformRoles.UnitStaff, PlatformRoles.CellSecretary }, caller.Roles);
        Assert.Equal("phuong-truong-vinh", caller.UnitId);
        Assert.True(caller.HasRole(PlatformRoles.CellSecretary));
        Assert.False(caller.HasRole(PlatformRoles.ProvincialOffice));
    }

    [Fact]
    public void From_an_anonymous_principal_gives_an_empty_caller()
    {
        var caller = Caller.From(new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.Equal("", caller.Person);
        Assert.Empty(caller.Roles);
        Assert.Null(caller.UnitId);
    }

    [Fact]
    public void An_empty_unit_claim_means_no_unit()
    {
        var caller = Caller.From(Principal((PlatformClaims.Person, "p"), (PlatformClaims.Unit, "")));
        Assert.Null(caller.UnitId);
    }

    [Fact]
    public void Roles_are_case_sensitive()
    {
        var caller = Caller.From(Principal((PlatformClaims.Role, "Provincial-Office")));
        Assert.False(caller.HasRole(PlatformRoles.ProvincialOffice));
        Assert.False(PlatformRoles.ProvinceWide.Contains("Provincial-Office"));
    }

    [Fact]
    public void Every_platform_role_is_classified_here()
    {
        Assert.Equal(PlatformRoles.All.Order(), ProvinceWideRoles.Concat(UnitScopedRoles).Order());
        Assert.Equal(ProvinceWideRoles.Order(), PlatformRoles.ProvinceWide.Order());
    }
}
