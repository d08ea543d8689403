namespace NgheAn.ServiceDefaults.Security;

/// <summary>Claim names in the platform's JWTs (OIDC names where one exists).</summary>
public static class PlatformClaims
{
    public const string Person = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>The organisation unit the caller belongs to, e.g. "phuong-truong-vinh".</summary>
    public const string Unit = "unit";
}
