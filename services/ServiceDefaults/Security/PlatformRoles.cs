namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// The roles a token can carry. Province-wide roles reach every unit; the others (unit-scoped)
/// only their own unit's subtree, so their tokens must name a unit. Which roles may call each
/// method is declared in the contracts ((nghean.common.v1.access)); the access model (services/Access)
/// applies it.
/// </summary>
public static class PlatformRoles
{
    public const string ProvincialOffice = "provincial-office";
    public const string OrganizationCommittee = "organization-committee";
    public const string InspectionCommission = "inspection-commission";
    public const string EmulationCouncil = "emulation-council";
    public const string Propaganda = "propaganda";
    public const string UnitStaff = "unit-staff";
    public const string CellSecretary = "cell-secretary";
    public const string PartyMember = "party-member";
    public const string Analyst = "analyst";

    /// <summary>Every role, comma-separated.</summary>
    public const string Anyone = ProvincialOffice + "," + OrganizationCommittee + "," + InspectionCommission + ","
        + EmulationCouncil + "," + Propaganda + "," + UnitStaff + "," + CellSecretary + "," + PartyMember + "," + Analyst;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(Anyone.Split(','), StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> ProvinceWide = new HashSet<string>(
        [ProvincialOffice, OrganizationCommittee, InspectionCommission, EmulationCouncil, Propaganda, Analyst],
        StringComparer.Ordinal);
}
