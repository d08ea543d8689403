namespace NgheAn.ServiceDefaults.Security;

/// <summary>
/// The roles a token can carry. Province-wide roles see every unit; the others see only their own
/// unit's subtree. The groups are constants so gRPC methods can declare them in [Authorize].
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

    /// <summary>Everyone with a platform role.</summary>
    public const string Anyone = ProvincialOffice + "," + OrganizationCommittee + "," + InspectionCommission + ","
        + EmulationCouncil + "," + Propaganda + "," + UnitStaff + "," + CellSecretary + "," + PartyMember + "," + Analyst;

    /// <summary>Who may register documents: the offices that issue them and each unit's staff.</summary>
    public const string DocumentWriters = ProvincialOffice + "," + OrganizationCommittee + "," + InspectionCommission + ","
        + EmulationCouncil + "," + Propaganda + "," + UnitStaff;

    /// <summary>Who may change the organisation tree: the Organization Committee (Ban Tổ chức) and the provincial office.</summary>
    /// <summary>Who may report progress on a task: document writers and the cells' secretaries.</summary>
    public const string TaskReporters = DocumentWriters + "," + CellSecretary;

    public const string OrgUnitWriters = OrganizationCommittee + "," + ProvincialOffice;

    /// <summary>Who keeps people's records (cadre work): the Organization Committee, the provincial office and each unit's staff.</summary>
    public const string CadreWriters = OrganizationCommittee + "," + ProvincialOffice + "," + UnitStaff;

    /// <summary>Who may register a study-and-follow commitment: cadre writers, cell secretaries and members.</summary>
    public const string CommitmentWriters = CadreWriters + "," + CellSecretary + "," + PartyMember;

    /// <summary>Who reviews commitments: the cell secretary, and the cadre writers.</summary>
    public const string CommitmentReviewers = CadreWriters + "," + CellSecretary;

    /// <summary>Who keeps emulation records (movements, models, nominations, awards): the emulation council, the provincial office and each unit's staff.</summary>
    public const string EmulationWriters = EmulationCouncil + "," + ProvincialOffice + "," + UnitStaff;

    /// <summary>Who records inspections, discipline, receptions and petitions: the inspection commission, the provincial office and each unit's staff.</summary>
    public const string SupervisionWriters = InspectionCommission + "," + ProvincialOffice + "," + UnitStaff;

    /// <summary>Who reads discipline (personal data): the supervision writers and the Organization Committee.</summary>
    public const string DisciplineReaders = SupervisionWriters + "," + OrganizationCommittee;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(Anyone.Split(','), StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> ProvinceWide = new HashSet<string>(
        [ProvincialOffice, OrganizationCommittee, InspectionCommission, EmulationCouncil, Propaganda, Analyst],
        StringComparer.Ordinal);
}
