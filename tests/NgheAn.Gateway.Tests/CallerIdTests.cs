using System.Net;
using System.Security.Claims;
using NgheAn.Gateway.Callers;

namespace NgheAn.Gateway.Tests;

public class CallerIdTests
{
    [Fact]
    public void An_authenticated_user_is_known_by_the_sub_claim()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "cadre-17")], authenticationType: "Bearer"));

        Assert.Equal("sub:cadre-17", CallerId.Of(user, IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void The_sub_claim_mapped_to_name_identifier_counts_too()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "cadre-18")], authenticationType: "Bearer"));

        Assert.Equal("sub:cadre-18", CallerId.Of(user, IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void An_unauthenticated_caller_is_known_by_address_even_with_a_sub_claim()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "forged")]));

        Assert.Equal("ip:10.0.0.1", CallerId.Of(anonymous, IPAddress.Parse("10.0.0.1")));
        Assert.Equal("ip:192.168.1.5", CallerId.Of(null, IPAddress.Parse("::ffff:192.168.1.5")));
        Assert.Equal("ip:unknown", CallerId.Of(null, null));
    }

    [Fact]
    public void For_idempotency_the_whole_caller_counts_subject_roles_sorted_and_unit()
    {
        var staff = Token("cadre-17", "unit-staff", "phuong-truong-vinh", "party-member");
        var sameRolesOtherOrder = Token("cadre-17", "party-member", "phuong-truong-vinh", "unit-staff");

        Assert.Equal("sub:cadre-17;roles:party-member,unit-staff;unit:phuong-truong-vinh", CallerId.WithRolesAndUnit(staff, IPAddress.Loopback));
        Assert.Equal(CallerId.WithRolesAndUnit(staff, IPAddress.Loopback), CallerId.WithRolesAndUnit(sameRolesOtherOrder, IPAddress.Parse("10.9.9.9")));
        Assert.NotEqual(CallerId.WithRolesAndUnit(staff, null), CallerId.WithRolesAndUnit(Token("cadre-17", "unit-staff", "phuong-vinh-hung", "party-member"), null));
        Assert.NotEqual(CallerId.WithRolesAndUnit(staff, null), CallerId.WithRolesAndUnit(Token("cadre-17", "party-member", "phuong-truong-vinh"), null));
        Assert.Equal("sub:office-1;roles:provincial-office;unit:", CallerId.WithRolesAndUnit(Token("office-1", "provincial-office", null), null));
    }

    [Fact]
    public void For_idempotency_a_value_cannot_pose_as_another_part()
    {
        var forged = Token("cadre-17;roles:provincial-office", "party-member", "phuong-truong-vinh");

        Assert.Equal("sub:cadre-17%3Broles%3Aprovincial-office;roles:party-member;unit:phuong-truong-vinh", CallerId.WithRolesAndUnit(forged, null));
    }

    [Fact]
    public void For_idempotency_an_anonymous_caller_is_its_address()
    {
        Assert.Equal("ip:10.0.0.1", CallerId.WithRolesAndUnit(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "forged"), new Claim("role", "provincial-office")])), IPAddress.Parse("10.0.0.1")));
    }

    private static ClaimsPrincipal Token(string subject, string role, string? unit, string? secondRole = null)
    {
        var claims = new List<Claim> { new("sub", subject), new("role", role) };
        if (secondRole is not null)
        {
            claims.Add(new Claim("role", secondRole));
        }

        if (unit is not null)
        {
            claims.Add(new Claim("unit", unit));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "Bearer"));
    }
}
