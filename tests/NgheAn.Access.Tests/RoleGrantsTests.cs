using NgheAn.Access.Rules;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access.Tests;

public sealed class RoleGrantsTests
{
    private static readonly HashSet<string> CadreWriters = [PlatformRoles.OrganizationCommittee, PlatformRoles.ProvincialOffice, PlatformRoles.UnitStaff];

    private static HashSet<string> Roles(params string[] roles) => [.. roles];

    [Theory]
    [InlineData(PlatformRoles.ProvincialOffice, true)]
    [InlineData(PlatformRoles.OrganizationCommittee, true)]
    [InlineData(PlatformRoles.InspectionCommission, true)]
    [InlineData(PlatformRoles.EmulationCouncil, true)]
    [InlineData(PlatformRoles.Propaganda, true)]
    [InlineData(PlatformRoles.Analyst, true)]
    [InlineData(PlatformRoles.UnitStaff, false)]
    [InlineData(PlatformRoles.CellSecretary, false)]
    [InlineData(PlatformRoles.PartyMember, false)]
    public void Each_role_alone_on_a_method_that_allows_every_role(string role, bool everywhere)
    {
        var grants = RoleGrants.For(Roles(role), PlatformRoles.All);
        Assert.True(grants.Any);
        Assert.Equal(everywhere, grants.Everywhere);
        Assert.Equal(!everywhere, grants.InUnit);
    }

    [Fact]
    public void A_role_the_method_does_not_list_brings_nothing()
    {
        var grants = RoleGrants.For(Roles(PlatformRoles.Analyst), CadreWriters);
        Assert.False(grants.Any);
        Assert.False(grants.Everywhere);
    }

    [Fact]
    public void Two_roles_do_not_add_up_a_read_only_province_role_never_widens_a_unit_role_that_writes()
    {
        // analyst + unit-staff creating a person: only unit-staff may, and only in its unit.
        var grants = RoleGrants.For(Roles(PlatformRoles.Analyst, PlatformRoles.UnitStaff), CadreWriters);
        Assert.Equal(Roles(PlatformRoles.UnitStaff), grants.Granting);
        Assert.False(grants.Everywhere);
        Assert.True(grants.InUnit);
    }

    [Fact]
    public void Two_roles_a_method_allows_both_of_reach_as_far_as_the_wider()
    {
        var grants = RoleGrants.For(Roles(PlatformRoles.Analyst, PlatformRoles.UnitStaff), PlatformRoles.All);
        Assert.True(grants.Everywhere);
        Assert.True(grants.InUnit);
    }

    [Fact]
    public void Personal_field_roles_of_a_unit_role_count_only_for_records_in_its_subtree()
    {
        var caller = Roles(PlatformRoles.Analyst, PlatformRoles.UnitStaff);
        Assert.Equal(Roles(PlatformRoles.Analyst), RoleGrants.ForFields(caller, recordsInUnitSubtree: false));
        Assert.Equal(caller, RoleGrants.ForFields(caller, recordsInUnitSubtree: true));
    }

    [Fact]
    public void Every_platform_role_is_province_wide_or_unit_scoped()
    {
        string[] unitScoped = [PlatformRoles.UnitStaff, PlatformRoles.CellSecretary, PlatformRoles.PartyMember];
        Assert.Equal(PlatformRoles.All.Order(), PlatformRoles.ProvinceWide.Concat(unitScoped).Order());
    }
}
