using Microsoft.IdentityModel.JsonWebTokens;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Security;

public sealed class DevelopmentTokensTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_carries_roles_unit_person_issuer_audience_and_expiry()
    {
        var token = new JsonWebToken(DevelopmentTokens.Create(
            [PlatformRoles.UnitStaff, PlatformRoles.CellSecretary], "phuong-truong-vinh", "can-bo-01", TimeSpan.FromHours(2), Now));

        Assert.Equal(DevelopmentTokens.Issuer, token.Issuer);
        Assert.Equal([PlatformAuthentication.DefaultAudience], token.Audiences);
        Assert.Equal(Now.AddHours(2).UtcDateTime, token.ValidTo);
        Assert.Equal(Now.UtcDateTime, token.IssuedAt);
        Assert.Equal("can-bo-01", token.GetClaim(PlatformClaims.Person).Value);
        Assert.Equal("phuong-truong-vinh", token.GetClaim(PlatformClaims.Unit).Value);
        Assert.Equal(
            [PlatformRoles.UnitStaff, PlatformRoles.CellSecretary],
            token.Claims.Where(c => c.Type == PlatformClaims.Role).Select(c => c.Value));
        Assert.Equal(DevelopmentTokens.SigningKey.KeyId, token.Kid);
    }

    [Fact]
    public void Without_a_person_the_token_names_one_after_the_first_role_and_lives_eight_hours()
    {
        var token = new JsonWebToken(DevelopmentTokens.Create([PlatformRoles.Analyst], now: Now));

        Assert.Equal("dev-analyst", token.GetClaim(PlatformClaims.Person).Value);
        Assert.Equal(Now.AddHours(8).UtcDateTime, token.ValidTo);
        Assert.False(token.TryGetClaim(PlatformClaims.Unit, out _));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Unit-Staff")]
    [InlineData("")]
    public void An_unknown_role_is_refused(string role)
    {
        var ex = Assert.Throws<ArgumentException>(() => DevelopmentTokens.Create([PlatformRoles.ProvincialOffice, role], "nghe-an"));
        Assert.Equal("roles", ex.ParamName);
    }

    [Fact]
    public void No_role_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => DevelopmentTokens.Create([], "nghe-an"));
        Assert.Equal("roles", ex.ParamName);
    }

    [Theory]
    [InlineData(PlatformRoles.UnitStaff, null)]
    [InlineData(PlatformRoles.CellSecretary, "")]
    [InlineData(PlatformRoles.PartyMember, "  ")]
    public void A_unit_scoped_role_needs_a_unit(string role, string? unit)
    {
        var ex = Assert.Throws<ArgumentException>(() => DevelopmentTokens.Create([role], unit));
        Assert.Equal("unit", ex.ParamName);
    }

    [Fact]
    public void A_unit_scoped_role_mixed_with_a_province_wide_one_still_needs_a_unit()
    {
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Create([PlatformRoles.ProvincialOffice, PlatformRoles.UnitStaff]));
    }

    [Theory]
    [InlineData(PlatformRoles.ProvincialOffice)]
    [InlineData(PlatformRoles.OrganizationCommittee)]
    [InlineData(PlatformRoles.InspectionCommission)]
    [InlineData(PlatformRoles.EmulationCouncil)]
    [InlineData(PlatformRoles.Propaganda)]
    [InlineData(PlatformRoles.Analyst)]
    public void Province_wide_roles_need_no_unit(string role)
    {
        var token = new JsonWebToken(DevelopmentTokens.Create([role]));
        Assert.Equal(role, token.GetClaim(PlatformClaims.Role).Value);
    }
}
