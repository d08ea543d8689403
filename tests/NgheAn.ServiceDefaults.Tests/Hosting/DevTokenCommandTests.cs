using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NgheAn.Gateway.Hosting;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.ServiceDefaults.Tests.Hosting;

public sealed class DevTokenCommandTests
{
    private static (int Exit, string Output, string Errors) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = DevTokenCommand.Run(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static Task<TokenValidationResult> ValidateAsync(string token) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = DevelopmentTokens.Issuer,
            ValidAudience = DevelopmentTokens.Audience,
            IssuerSigningKey = DevelopmentTokens.SigningKey,
        });

    [Fact]
    public async Task Valid_arguments_print_a_development_token()
    {
        var (exit, output, errors) = Run(
            "--role", PlatformRoles.UnitStaff, "--role", PlatformRoles.CellSecretary,
            "--unit", "phuong-truong-vinh", "--person", "can-bo-01", "--hours", "2");

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        var result = await ValidateAsync(output.Trim());
        Assert.True(result.IsValid, result.Exception?.Message);

        var caller = Caller.From(new(result.ClaimsIdentity));
        Assert.Equal("can-bo-01", caller.Person);
        Assert.Equal("phuong-truong-vinh", caller.UnitId);
        Assert.Equal(new HashSet<string> { PlatformRoles.UnitStaff, PlatformRoles.CellSecretary }, caller.Roles);

        var token = new JsonWebToken(output.Trim());
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_province_wide_role_needs_no_unit()
    {
        var (exit, output, _) = Run("--role", PlatformRoles.Analyst);

        Assert.Equal(0, exit);
        Assert.True((await ValidateAsync(output.Trim())).IsValid);
    }

    [Fact]
    public void An_unknown_role_exits_2_with_usage()
    {
        var (exit, output, errors) = Run("--role", "admin");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("admin", errors, StringComparison.Ordinal);
        Assert.Contains("usage: dev-token", errors, StringComparison.Ordinal);
        Assert.Contains(PlatformRoles.OrganizationCommittee, errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--role")]
    [InlineData("--role", "analyst", "--unit")]
    public void A_missing_value_exits_2(params string[] args)
    {
        var (exit, output, errors) = Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("needs a value", errors, StringComparison.Ordinal);
        Assert.Contains("usage:", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_scoped_role_without_unit_exits_2()
    {
        var (exit, output, errors) = Run("--role", PlatformRoles.UnitStaff);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("usage:", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void No_arguments_exit_2()
    {
        Assert.Equal(2, Run().Exit);
    }

    [Theory]
    [InlineData("--hours", "0")]
    [InlineData("--hours", "-3")]
    [InlineData("--hours", "soon")]
    [InlineData("--colour", "red")]
    public void A_bad_option_exits_2(string option, string value)
    {
        var (exit, _, errors) = Run("--role", PlatformRoles.Analyst, option, value);

        Assert.Equal(2, exit);
        Assert.Contains(option, errors, StringComparison.Ordinal);
    }
}
