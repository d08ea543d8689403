using NgheAn.CadreWork.Domain;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class DemoOrgUnitsTests
{
    private static IReadOnlyList<ProposedUnit> Units => DemoOrgUnits.Units;

    [Fact]
    public void Every_demo_unit_passes_the_rules_when_created_in_list_order()
    {
        // A registry as CreateOrgUnit keeps it: each unit can only refer to units created before it.
        var created = new Dictionary<string, ParentUnit>(StringComparer.Ordinal);
        foreach (var unit in Units)
        {
            var parent = unit.ParentId is { } parentId ? created.GetValueOrDefault(parentId) : null;
            var predecessors = unit.PredecessorIds.Where(created.ContainsKey).ToHashSet(StringComparer.Ordinal);

            var errors = OrgUnitRules.Check(unit, parent, predecessors);

            Assert.True(errors.Count == 0, $"{unit.Id}: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Description}"))}");
            Assert.True(created.TryAdd(unit.Id, new ParentUnit(unit.Id, unit.Level, unit.ValidFrom!.Value, unit.ValidTo, OrgUnitRules.PathOf(unit.Id, parent))),
                $"{unit.Id} is listed twice.");
        }

        Assert.Equal("tw/nghe-an/phuong-truong-vinh/chi-bo-khoi-1-truong-vinh", created["chi-bo-khoi-1-truong-vinh"].Path);
        Assert.Equal("tw/nghe-an/bo-doi-bien-phong-tinh/chi-bo-don-bien-phong-nam-can", created["chi-bo-don-bien-phong-nam-can"].Path);
        Assert.Equal("tw/nghe-an/xa-kim-lien/chi-bo-xom-1-kim-lien", created["chi-bo-xom-1-kim-lien"].Path);
    }

    [Fact]
    public void Ids_are_unique()
    {
        var duplicates = Units.GroupBy(u => u.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void There_is_one_root_and_it_is_central()
    {
        var root = Assert.Single(Units, u => u.ParentId is null);
        Assert.Equal(OrgUnitLevels.Central, root.Level);
    }

    [Fact]
    public void No_district_is_valid_after_30_June_2025()
    {
        var districts = Units.Where(u => u.Level == OrgUnitLevels.District).ToList();
        Assert.NotEmpty(districts);
        Assert.All(districts, d =>
        {
            Assert.NotNull(d.ValidTo);
            Assert.True(d.ValidTo <= new DateOnly(2025, 6, 30), $"{d.Id} is valid until {d.ValidTo}.");
        });
    }

    [Fact]
    public void Every_ward_continuing_a_historic_district_names_it_as_predecessor()
    {
        var districts = Units.Where(u => u.Level == OrgUnitLevels.District).ToDictionary(u => u.Id, StringComparer.Ordinal);
        var wards = Units.Where(u => u.Level == OrgUnitLevels.Commune && u.Id.StartsWith("phuong-", StringComparison.Ordinal)).ToList();

        Assert.Equal(11, wards.Count);
        Assert.All(wards, ward =>
        {
            var predecessor = Assert.Single(ward.PredecessorIds);
            Assert.True(districts.TryGetValue(predecessor, out var district), $"{ward.Id} continues '{predecessor}', which is not a demo district.");
            // The ward takes over the day after the district ends.
            Assert.Equal(district!.ValidTo!.Value.AddDays(1), ward.ValidFrom);
            Assert.Equal(OrgUnitLevels.DistrictsAbolished, ward.ValidFrom);
        });

        // Every historic district is continued by a ward, or by the district it joined (Cửa Lò by Vinh in December 2024).
        Assert.All(districts.Values, d => Assert.True(
            wards.Any(w => w.PredecessorIds.Contains(d.Id)) || districts.Values.Any(o => o.PredecessorIds.Contains(d.Id) && o.ValidTo > d.ValidTo),
            $"{d.Id} is continued by nothing."));
        Assert.Equal(new DateOnly(2024, 11, 30), districts["thi-xa-cua-lo"].ValidTo);
        Assert.Equal(["thi-xa-cua-lo"], districts["thanh-pho-vinh"].PredecessorIds);
    }

    [Theory]
    [InlineData("phuong-truong-vinh", "thanh-pho-vinh")]
    [InlineData("phuong-thanh-vinh", "thanh-pho-vinh")]
    [InlineData("phuong-vinh-hung", "thanh-pho-vinh")]
    [InlineData("phuong-vinh-phu", "thanh-pho-vinh")]
    [InlineData("phuong-vinh-loc", "thanh-pho-vinh")]
    [InlineData("phuong-cua-lo", "thanh-pho-vinh")]
    [InlineData("phuong-hoang-mai", "thi-xa-hoang-mai")]
    [InlineData("phuong-tan-mai", "thi-xa-hoang-mai")]
    [InlineData("phuong-quynh-mai", "thi-xa-hoang-mai")]
    [InlineData("phuong-thai-hoa", "thi-xa-thai-hoa")]
    [InlineData("phuong-tay-hieu", "thi-xa-thai-hoa")]
    public void Each_ward_names_the_district_it_continues(string ward, string district)
    {
        var unit = Assert.Single(Units, u => u.Id == ward);
        Assert.Contains(district, unit.PredecessorIds);
        Assert.Equal("nghe-an", unit.ParentId);
    }

    [Fact]
    public void Current_units_sit_directly_under_the_province_not_under_a_district()
    {
        var districts = Units.Where(u => u.Level == OrgUnitLevels.District).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(Units.Where(u => u.ValidTo is null), u => Assert.False(u.ParentId is { } p && districts.Contains(p), $"{u.Id} is under a district."));
    }
}
