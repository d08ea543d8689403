using NgheAn.CadreWork.Domain;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class OrgUnitReorganisationTests
{
    private static readonly DateOnly Reform = new(2025, 7, 1);
    private static readonly DateOnly Start = new(2000, 1, 1);

    private static ExistingUnit Unit(string id, string level = OrgUnitLevels.Commune, string parent = "nghe-an", DateOnly? from = null, DateOnly? to = null, string? path = null) =>
        new(id, "Đảng bộ " + id, level, parent, path ?? $"tw/nghe-an/{id}", from ?? Start, to);

    private static readonly ExistingUnit XaA = Unit("xa-a");
    private static readonly ExistingUnit XaB = Unit("xa-b");
    private static readonly ExistingUnit XaC = Unit("xa-c");
    private static readonly ExistingUnit Province = new("nghe-an", "Đảng bộ tỉnh Nghệ An", OrgUnitLevels.Province, "tw", "tw/nghe-an", Start, null);

    private static IEnumerable<string> Fields(IReadOnlyList<FieldViolation> errors) => errors.Select(e => e.Field);

    private static IReadOnlyList<FieldViolation> Merge(ExistingUnit?[] merged, ExistingUnit? successor = null, ExistingUnit? parent = null, DateOnly? effective = null) =>
        OrgUnitReorganisation.CheckMerge([.. merged.Select((u, i) => u?.Id ?? $"unknown-{i}")], merged, successor, parent ?? Province, effective ?? Reform);

    [Fact]
    public void A_unit_closed_by_a_decision_ends_on_the_day_before_it_takes_effect()
    {
        Assert.Equal(new DateOnly(2025, 6, 30), OrgUnitReorganisation.ClosingDate(Reform));
    }

    [Fact]
    public void The_day_before_a_rename_shows_the_old_name_and_the_day_itself_the_new_one()
    {
        var former = OrgUnitReorganisation.FormerNameOf(XaA, null, Reform);
        Assert.Equal(new FormerName("Đảng bộ xa-a", Start, new(2025, 6, 30)), former);
        Assert.Equal("Đảng bộ xa-a", OrgUnitReorganisation.NameOn("Đảng bộ phường Mới", [former], new(2025, 6, 30)));
        Assert.Equal("Đảng bộ phường Mới", OrgUnitReorganisation.NameOn("Đảng bộ phường Mới", [former], Reform));
        Assert.Equal("Đảng bộ xa-a", OrgUnitReorganisation.NameOn("Đảng bộ phường Mới", [former], Start));
    }

    [Fact]
    public void A_second_rename_records_the_name_from_the_first_one()
    {
        Assert.Equal(new FormerName("Đảng bộ xa-a", Reform, new(2026, 1, 1)), OrgUnitReorganisation.FormerNameOf(XaA, Reform, new(2026, 1, 2)));
    }

    [Fact]
    public void A_valid_rename_passes()
    {
        Assert.Empty(OrgUnitReorganisation.CheckRename(XaA, "Đảng bộ phường Mới", Reform, null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Đảng bộ xa-a")]
    public void A_rename_needs_a_new_name(string name)
    {
        Assert.Contains("name", Fields(OrgUnitReorganisation.CheckRename(XaA, name, Reform, null)));
    }

    [Fact]
    public void The_effective_date_must_be_after_the_unit_began_the_day_after_is_enough()
    {
        var unit = Unit("xa-a", from: Reform);
        Assert.Contains("effective_date", Fields(OrgUnitReorganisation.CheckRename(unit, "Mới", Reform.AddDays(-1), null)));
        Assert.Contains("effective_date", Fields(OrgUnitReorganisation.CheckRename(unit, "Mới", Reform, null)));
        Assert.Empty(OrgUnitReorganisation.CheckRename(unit, "Mới", Reform.AddDays(1), null));
    }

    [Fact]
    public void A_rename_must_come_after_the_last_rename()
    {
        Assert.Contains("effective_date", Fields(OrgUnitReorganisation.CheckRename(XaA, "Mới", Reform, Reform)));
        Assert.Empty(OrgUnitReorganisation.CheckRename(XaA, "Mới", Reform.AddDays(1), Reform));
    }

    [Fact]
    public void A_closed_unit_cannot_be_renamed_merged_or_split()
    {
        var closed = Unit("huyen-cu", to: new(2025, 6, 30));
        Assert.Contains("id", Fields(OrgUnitReorganisation.CheckRename(closed, "Mới", Reform, null)));
        Assert.Contains("merged_unit_ids[0]", Fields(Merge([closed, XaB])));
        Assert.Contains("id", Fields(OrgUnitReorganisation.CheckSplit(closed, ["a", "b"], [Province, Province], null, [], Reform)));
    }

    [Fact]
    public void Two_communes_merge_into_a_new_successor()
    {
        Assert.Empty(Merge([XaA, XaB]));
    }

    [Fact]
    public void A_commune_merges_into_a_designated_existing_one()
    {
        Assert.Empty(Merge([XaA], successor: XaB));
    }

    [Fact]
    public void A_merge_into_a_new_unit_needs_two_units_into_an_existing_one_needs_one()
    {
        Assert.Contains("merged_unit_ids", Fields(Merge([XaA])));
        Assert.Contains("merged_unit_ids", Fields(Merge([], successor: XaB)));
    }

    [Fact]
    public void Units_of_different_levels_do_not_merge()
    {
        var grassroots = Unit("dang-uy-co-quan", OrgUnitLevels.Grassroots);
        Assert.Contains("merged_unit_ids[1]", Fields(Merge([XaA, grassroots])));
        Assert.Contains("successor_id", Fields(Merge([XaA], successor: grassroots)));
    }

    [Fact]
    public void A_unit_cannot_be_merged_into_its_own_descendant()
    {
        var cell = Unit("chi-bo-1", OrgUnitLevels.Cell, "xa-a", path: "tw/nghe-an/xa-a/chi-bo-1");
        var cellB = Unit("chi-bo-2", OrgUnitLevels.Cell, "xa-a", path: "tw/nghe-an/xa-a/chi-bo-2");
        Assert.Contains("successor_id", Fields(Merge([Unit("chi-bo-x", OrgUnitLevels.Cell, "xa-a", path: "tw/nghe-an/xa-a")], successor: cell)));
        // A new successor placed under a unit the merge closes is the same mistake.
        Assert.Contains("successor.org_unit.parent_id", Fields(Merge([XaA, XaB], parent: XaA)));
        Assert.Empty(Merge([cell], successor: cellB));
    }

    [Fact]
    public void Unknown_duplicate_and_self_named_units_are_reported_by_position()
    {
        Assert.Contains("merged_unit_ids[1]", Fields(Merge([XaA, null])));
        Assert.Contains("merged_unit_ids[1]", Fields(OrgUnitReorganisation.CheckMerge(["xa-a", "xa-a"], [XaA, XaA], null, Province, Reform)));
        Assert.Contains("merged_unit_ids[1]", Fields(Merge([XaA, XaB], successor: XaB)));
    }

    [Fact]
    public void A_merge_effective_on_a_merged_units_first_day_is_refused_the_day_after_is_not()
    {
        var young = Unit("xa-moi", from: Reform);
        Assert.Contains("merged_unit_ids[0]", Fields(Merge([young, XaB], effective: Reform)));
        Assert.Empty(Merge([young, XaB], effective: Reform.AddDays(1)));
    }

    [Fact]
    public void A_designated_successor_must_exist_on_the_effective_date()
    {
        var later = Unit("xa-sau", from: Reform.AddDays(1));
        Assert.Contains("successor_id", Fields(Merge([XaA], successor: later)));
        Assert.Empty(Merge([XaA], successor: Unit("xa-dung-hen", from: Reform)));
    }

    [Fact]
    public void A_split_needs_two_successors_outside_the_split_unit()
    {
        Assert.Empty(OrgUnitReorganisation.CheckSplit(XaC, ["xa-c-1", "xa-c-2"], [Province, Province], "xa-c-2", [("p1", "xa-c-1")], Reform));
        Assert.Contains("successors", Fields(OrgUnitReorganisation.CheckSplit(XaC, ["xa-c-1"], [Province], null, [], Reform)));
        Assert.Contains("successors[1].org_unit.parent_id", Fields(OrgUnitReorganisation.CheckSplit(XaC, ["xa-c-1", "xa-c-2"], [Province, XaC], null, [], Reform)));
        Assert.Contains("successors[1].org_unit_id", Fields(OrgUnitReorganisation.CheckSplit(XaC, ["xa-c-1", "xa-c-1"], [Province, Province], null, [], Reform)));
    }

    [Fact]
    public void Split_assignments_name_successors_and_each_person_once()
    {
        var errors = OrgUnitReorganisation.CheckSplit(XaC, ["xa-c-1", "xa-c-2"], [Province, Province], "xa-c-9", [("p1", "xa-c-3"), ("p2", "xa-c-1"), ("p2", "xa-c-2")], Reform);
        Assert.Equal(["default_successor_id", "assignments[0].successor_id", "assignments[2].person_id"], Fields(errors));
    }

    [Fact]
    public void A_split_sends_a_person_to_the_assigned_successor_else_the_default_else_the_first()
    {
        var assignments = new Dictionary<string, string> { ["p1"] = "xa-c-2" };
        Assert.Equal("xa-c-2", OrgUnitReorganisation.SuccessorFor("p1", assignments, "xa-c-1", ["xa-c-1", "xa-c-2"]));
        Assert.Equal("xa-c-3", OrgUnitReorganisation.SuccessorFor("p2", assignments, "xa-c-3", ["xa-c-1", "xa-c-2", "xa-c-3"]));
        Assert.Equal("xa-c-1", OrgUnitReorganisation.SuccessorFor("p2", assignments, null, ["xa-c-1", "xa-c-2"]));
    }

    [Fact]
    public void Only_commitments_awaiting_review_follow_the_person()
    {
        Assert.True(OrgUnitReorganisation.CommitmentMoves(null));
        Assert.False(OrgUnitReorganisation.CommitmentMoves("Met"));
    }

    [Theory]
    [InlineData("tw/nghe-an/xa-a/chi-bo-1", "tw/nghe-an/xa-a", "tw/nghe-an/xa-moi", "tw/nghe-an/xa-moi/chi-bo-1")]
    [InlineData("tw/nghe-an/xa-a", "tw/nghe-an/xa-a", "tw/nghe-an/xa-moi", "tw/nghe-an/xa-moi")]
    [InlineData("tw/nghe-an/xa-ab/chi-bo-1", "tw/nghe-an/xa-a", "tw/nghe-an/xa-moi", "tw/nghe-an/xa-ab/chi-bo-1")]
    public void Repathing_changes_only_the_subtree(string path, string oldPrefix, string newPrefix, string expected)
    {
        Assert.Equal(expected, OrgUnitReorganisation.Repath(path, oldPrefix, newPrefix));
    }

    [Fact]
    public void A_decision_takes_effect_on_its_date_and_waits_the_day_before()
    {
        Assert.False(OrgUnitReorganisation.TakesEffectNow(Reform, Reform.AddDays(-1)));
        Assert.True(OrgUnitReorganisation.TakesEffectNow(Reform, Reform));
        Assert.True(OrgUnitReorganisation.TakesEffectNow(Reform, Reform.AddDays(1)));
    }

    [Fact]
    public void A_unit_taking_over_others_on_a_scheduled_date_closes_only_after_it()
    {
        var onTheDay = OrgUnitReorganisation.CheckScheduledTakeOver("xa-a", "merged_unit_ids[0]", Reform, Reform);
        Assert.Equal("merged_unit_ids[0]", onTheDay?.Field);
        Assert.Contains("2025-07-01", onTheDay?.Description);
        Assert.NotNull(OrgUnitReorganisation.CheckScheduledTakeOver("xa-a", "effective_date", Reform.AddDays(-1), Reform));
        Assert.Null(OrgUnitReorganisation.CheckScheduledTakeOver("xa-a", "effective_date", Reform.AddDays(1), Reform));
        Assert.Null(OrgUnitReorganisation.CheckScheduledTakeOver("xa-a", "effective_date", Reform, null));
    }

    [Fact]
    public void A_moved_unit_keeps_its_old_parent_up_to_the_day_before_the_move()
    {
        Assert.Equal(
            new FormerPlacement("xa-a", "tw/nghe-an/xa-a/chi-bo-1", Start, new(2025, 6, 30)),
            OrgUnitReorganisation.FormerPlacementOf("xa-a", "tw/nghe-an/xa-a/chi-bo-1", Start, null, Reform));
    }

    [Fact]
    public void A_second_move_records_the_placement_from_the_first_one()
    {
        Assert.Equal(
            new FormerPlacement("xa-moi", "tw/nghe-an/xa-moi/chi-bo-1", Reform, new(2026, 1, 1)),
            OrgUnitReorganisation.FormerPlacementOf("xa-moi", "tw/nghe-an/xa-moi/chi-bo-1", Start, Reform, new(2026, 1, 2)));
    }

    [Fact]
    public void A_unit_beginning_on_the_move_date_never_hung_in_the_old_place()
    {
        Assert.Null(OrgUnitReorganisation.FormerPlacementOf("xa-a", "tw/nghe-an/xa-a/chi-bo-moi", Reform, null, Reform));
        Assert.NotNull(OrgUnitReorganisation.FormerPlacementOf("xa-a", "tw/nghe-an/xa-a/chi-bo-moi", Reform.AddDays(-1), null, Reform));
    }
}
