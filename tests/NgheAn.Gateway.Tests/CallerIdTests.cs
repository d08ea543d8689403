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
}
