using NgheAn.CadreWork.Domain;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class OrgUnitRulesTests
{
    private static readonly DateOnly ProvinceStart = new(1991, 8, 12);

    private static readonly ParentUnit Central = new("tw", OrgUnitLevels.Central, new(1930, 2, 3), null, "tw");
    private static readonly ParentUnit Province = new("nghe-an", OrgUnitLevels.Province, ProvinceStart, null, "tw/nghe-an");
    private static readonly ParentUnit District = new("thanh-pho-vinh", OrgUnitLevels.District, ProvinceStart, new(2025, 6, 30), "tw/nghe-an/thanh-pho-vinh");
    private static readonly ParentUnit Commune = new("phuong-truong-vinh", OrgUnitLevels.Commune, new(2025, 7, 1), null, "tw/nghe-an/phuong-truong-vinh");
    private static readonly ParentUnit Grassroots = new("bo-doi-bien-phong-tinh", OrgUnitLevels.Grassroots, ProvinceStart, null, "tw/nghe-an/bo-doi-bien-phong-tinh");

    private static ProposedUnit Ward(
        string id = "phuong-truong-vinh",
        string name = "Đảng bộ phường Trường Vinh",
        string level = OrgUnitLevels.Commune,
        string? parentId = "nghe-an",
        DateOnly? validFrom = null,
        DateOnly? validTo = null,
        IReadOnlyList<string>? predecessors = null) =>
        new(id, name, level, parentId, validFrom ?? new DateOnly(2025, 7, 1), validTo, predecessors ?? []);

    private static IReadOnlyList<FieldViolation> Check(ProposedUnit unit, ParentUnit? parent, params string[] existing) =>
        OrgUnitRules.Check(unit, parent, new HashSet<string>(existing, StringComparer.Ordinal));

    private static IEnumerable<string> Fields(IReadOnlyList<FieldViolation> errors) => errors.Select(e => e.Field);

    [Fact]
    public void A_valid_ward_under_the_province_passes()
    {
        Assert.Empty(Check(Ward(predecessors: ["thanh-pho-vinh"]), Province, "thanh-pho-vinh"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("9")]
    [InlineData("phuong-truong-vinh")]
    [InlineData("chi-bo-khoi-1-truong-vinh")]
    [InlineData("abc123")]
    public void Valid_slugs_are_accepted_as_ids(string id)
    {
        Assert.DoesNotContain("org_unit_id", Fields(Check(Ward(id: id), Province)));
    }

    [Fact]
    public void An_id_of_exactly_100_characters_is_accepted()
    {
        Assert.DoesNotContain("org_unit_id", Fields(Check(Ward(id: new string('a', 100)), Province)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Phuong-Truong-Vinh")]
    [InlineData("phuong-Truong-vinh")]
    [InlineData("phuong truong vinh")]
    [InlineData("-phuong")]
    [InlineData("phuong-")]
    [InlineData("phuong--truong")]
    [InlineData("phường-trường-vinh")]
    [InlineData("phuong_truong")]
    [InlineData("phuong/truong")]
    public void Malformed_ids_are_refused_on_org_unit_id(string id)
    {
        var error = Assert.Single(Check(Ward(id: id), Province));
        Assert.Equal("org_unit_id", error.Field);
    }

    [Fact]
    public void An_id_over_100_characters_is_refused()
    {
        var error = Assert.Single(Check(Ward(id: new string('a', 101)), Province));
        Assert.Equal("org_unit_id", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_name_is_required(string name)
    {
        var error = Assert.Single(Check(Ward(name: name), Province));
        Assert.Equal("org_unit.name", error.Field);
        Assert.Contains("required", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_the_maximum_length_is_accepted_and_one_longer_is_refused()
    {
        Assert.Empty(Check(Ward(name: new string('x', OrgUnitRules.MaxNameLength)), Province));

        var error = Assert.Single(Check(Ward(name: new string('x', OrgUnitRules.MaxNameLength + 1)), Province));
        Assert.Equal("org_unit.name", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("commune")]
    [InlineData("Huyen")]
    public void A_known_level_is_required(string level)
    {
        var error = Assert.Single(Check(Ward(level: level), Province));
        Assert.Equal("org_unit.level", error.Field);
    }

    [Fact]
    public void Valid_from_is_required()
    {
        var unit = Ward() with { ValidFrom = null };
        var error = Assert.Single(Check(unit, Province));
        Assert.Equal("org_unit.valid_from", error.Field);
    }

    [Fact]
    public void Valid_to_before_valid_from_is_refused()
    {
        var error = Assert.Single(Check(Ward(validFrom: new(2025, 7, 10), validTo: new(2025, 7, 9)), Province));
        Assert.Equal("org_unit.valid_to", error.Field);
    }

    [Fact]
    public void Valid_to_on_the_day_of_valid_from_is_accepted()
    {
        Assert.Empty(Check(Ward(validFrom: new(2025, 7, 10), validTo: new(2025, 7, 10)), Province));
    }

    [Fact]
    public void A_district_ending_the_day_before_the_reform_is_accepted()
    {
        var unit = Ward(id: "thi-xa-cua-lo", level: OrgUnitLevels.District, validFrom: new(1994, 8, 29), validTo: new(2025, 6, 30));
        Assert.Empty(Check(unit, Province));
    }

    [Fact]
    public void A_district_still_valid_on_the_day_of_the_reform_is_refused()
    {
        var unit = Ward(id: "thi-xa-cua-lo", level: OrgUnitLevels.District, validFrom: new(1994, 8, 29), validTo: new(2025, 7, 1));
        var error = Assert.Single(Check(unit, Province));
        Assert.Equal("org_unit.level", error.Field);
    }

    [Fact]
    public void A_district_without_an_end_is_refused()
    {
        var unit = Ward(id: "thi-xa-cua-lo", level: OrgUnitLevels.District, validFrom: new(1994, 8, 29), validTo: null);
        var error = Assert.Single(Check(unit, Province));
        Assert.Equal("org_unit.level", error.Field);
    }

    [Fact]
    public void A_district_starting_after_the_reform_is_refused()
    {
        var unit = Ward(id: "huyen-moi", level: OrgUnitLevels.District, validFrom: new(2025, 8, 1), validTo: new(2025, 9, 1));
        Assert.Contains("org_unit.level", Fields(Check(unit, Province)));
    }

    [Fact]
    public void A_central_unit_needs_no_parent()
    {
        Assert.Empty(Check(Ward(id: "tw", level: OrgUnitLevels.Central, parentId: null, validFrom: new(1930, 2, 3)), null));
    }

    [Theory]
    [InlineData(OrgUnitLevels.Province)]
    [InlineData(OrgUnitLevels.Commune)]
    [InlineData(OrgUnitLevels.Grassroots)]
    [InlineData(OrgUnitLevels.Cell)]
    public void A_parent_is_required_below_the_central_level(string level)
    {
        var error = Assert.Single(Check(Ward(level: level, parentId: null), null));
        Assert.Equal("org_unit.parent_id", error.Field);
    }

    [Fact]
    public void An_unknown_parent_is_refused()
    {
        var error = Assert.Single(Check(Ward(parentId: "khong-ton-tai"), null));
        Assert.Equal("org_unit.parent_id", error.Field);
        Assert.Contains("khong-ton-tai", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_commune_under_the_province_is_accepted()
    {
        Assert.Empty(Check(Ward(level: OrgUnitLevels.Commune), Province));
    }

    [Fact]
    public void A_province_under_central_is_accepted()
    {
        Assert.Empty(Check(Ward(id: "nghe-an", level: OrgUnitLevels.Province, parentId: "tw", validFrom: ProvinceStart), Central));
    }

    [Fact]
    public void A_commune_under_a_commune_is_refused()
    {
        var unit = Ward(id: "phuong-con", parentId: Commune.Id);
        var error = Assert.Single(Check(unit, Commune));
        Assert.Equal("org_unit.level", error.Field);
    }

    [Fact]
    public void A_grassroots_committee_under_a_commune_is_refused()
    {
        var unit = Ward(id: "dang-uy-co-so", level: OrgUnitLevels.Grassroots, parentId: Commune.Id);
        Assert.Equal("org_unit.level", Assert.Single(Check(unit, Commune)).Field);
    }

    [Fact]
    public void A_cell_under_a_grassroots_committee_is_accepted()
    {
        var unit = Ward(id: "chi-bo-don-bien-phong-nam-can", level: OrgUnitLevels.Cell, parentId: Grassroots.Id, validFrom: ProvinceStart);
        Assert.Empty(Check(unit, Grassroots));
    }

    [Fact]
    public void A_cell_under_a_cell_is_refused()
    {
        var cell = new ParentUnit("chi-bo-a", OrgUnitLevels.Cell, ProvinceStart, null, "tw/nghe-an/x/chi-bo-a");
        var unit = Ward(id: "chi-bo-b", level: OrgUnitLevels.Cell, parentId: cell.Id, validFrom: ProvinceStart);
        Assert.Equal("org_unit.level", Assert.Single(Check(unit, cell)).Field);
    }

    [Fact]
    public void A_province_under_a_district_is_refused()
    {
        var unit = Ward(id: "tinh-moi", level: OrgUnitLevels.Province, parentId: District.Id, validFrom: new(2000, 1, 1));
        var error = Assert.Single(Check(unit, District));
        Assert.Equal("org_unit.level", error.Field);
    }

    [Fact]
    public void Valid_from_on_the_parents_first_day_is_accepted()
    {
        var unit = Ward(id: "bo-doi", level: OrgUnitLevels.Grassroots, validFrom: ProvinceStart);
        Assert.Empty(Check(unit, Province));
    }

    [Fact]
    public void Valid_from_the_day_before_the_parent_starts_is_refused()
    {
        var unit = Ward(id: "bo-doi", level: OrgUnitLevels.Grassroots, validFrom: ProvinceStart.AddDays(-1));
        var error = Assert.Single(Check(unit, Province));
        Assert.Equal("org_unit.valid_from", error.Field);
        Assert.Contains("nghe-an", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_from_on_the_parents_last_day_is_accepted()
    {
        var unit = Ward(id: "xa-cu", parentId: District.Id, validFrom: new(2025, 6, 30), validTo: new(2025, 6, 30));
        Assert.Empty(Check(unit, District));
    }

    [Fact]
    public void Valid_from_the_day_after_the_parent_ends_is_refused()
    {
        var unit = Ward(id: "xa-cu", parentId: District.Id, validFrom: new(2025, 7, 1));
        var error = Assert.Single(Check(unit, District));
        Assert.Equal("org_unit.valid_from", error.Field);
    }

    [Fact]
    public void Unknown_predecessors_are_named_by_their_index()
    {
        var unit = Ward(predecessors: ["thanh-pho-vinh", "huyen-khong-co", "thi-xa-cua-lo", "mot-cai-khac"]);
        var errors = Check(unit, Province, "thanh-pho-vinh", "thi-xa-cua-lo");

        Assert.Equal(["org_unit.predecessor_ids[1]", "org_unit.predecessor_ids[3]"], Fields(errors));
        Assert.Contains("huyen-khong-co", errors[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_field_prefix_is_applied_to_every_field_but_the_id()
    {
        var unit = new ProposedUnit("Bad Id", "", "", "nghe-an", null, null, ["x"]);
        var errors = OrgUnitRules.Check(unit, null, new HashSet<string>(), fieldPrefix: "");
        Assert.Equal(["org_unit_id", "name", "level", "valid_from", "parent_id", "predecessor_ids[0]"], Fields(errors));
    }

    [Fact]
    public void Several_errors_are_reported_at_once()
    {
        var unit = new ProposedUnit(
            "Phuong Sai",
            new string('x', OrgUnitRules.MaxNameLength + 1),
            OrgUnitLevels.Commune,
            Commune.Id,
            new DateOnly(2025, 6, 1),
            new DateOnly(2025, 5, 1),
            ["khong-co"]);

        var errors = Check(unit, Commune);

        Assert.Equal(
            ["org_unit_id", "org_unit.name", "org_unit.valid_to", "org_unit.level", "org_unit.valid_from", "org_unit.predecessor_ids[0]"],
            Fields(errors));
    }

    [Fact]
    public void PathOf_a_root_is_its_id()
    {
        Assert.Equal("tw", OrgUnitRules.PathOf("tw", null));
    }

    [Fact]
    public void PathOf_a_child_extends_its_parents_path()
    {
        Assert.Equal("tw/nghe-an/phuong-truong-vinh", OrgUnitRules.PathOf("phuong-truong-vinh", Province));
        Assert.Equal("tw/nghe-an/phuong-truong-vinh/chi-bo-khoi-1", OrgUnitRules.PathOf("chi-bo-khoi-1", Commune));
    }
}
