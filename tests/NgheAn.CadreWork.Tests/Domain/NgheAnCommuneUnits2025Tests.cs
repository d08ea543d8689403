using System.Text;
using NgheAn.CadreWork.Domain;
using NgheAn.ServiceDefaults.Text;

namespace NgheAn.CadreWork.Tests.Domain;

/// <summary>
/// The commune-level units of Nghị quyết 1678/NQ-UBTVQH15 (from 1 July 2025) and their place in the
/// demonstration tree.
/// </summary>
public sealed class NgheAnCommuneUnits2025Tests
{
    private static IReadOnlyList<CommuneUnit2025> List => NgheAnCommuneUnits2025.All;

    private static List<ProposedUnit> CommuneLevelDemoUnits =>
        DemoOrgUnits.Units.Where(u => u.Level == OrgUnitLevels.Commune).ToList();

    [Fact]
    public void The_list_has_119_communes_and_11_wards()
    {
        Assert.Equal(130, List.Count);
        Assert.Equal(119, List.Count(u => u.Kind == NgheAnCommuneUnits2025.Commune));
        Assert.Equal(11, List.Count(u => u.Kind == NgheAnCommuneUnits2025.Ward));
    }

    [Fact]
    public void Items_1_to_121_each_form_one_unit_and_the_nine_others_are_kept_unchanged()
    {
        Assert.Equal(Enumerable.Range(1, 121), List.Where(u => u.Item is not null).Select(u => u.Item!.Value));
        Assert.All(List.Where(u => u.Item is not null), u => Assert.NotEmpty(u.Predecessors));

        var unchanged = List.Where(u => u.Item is null).ToList();
        Assert.Equal(9, unchanged.Count);
        Assert.All(unchanged, u =>
        {
            Assert.Equal(NgheAnCommuneUnits2025.Commune, u.Kind);
            Assert.Empty(u.Predecessors);
        });
    }

    [Fact]
    public void The_predecessors_are_the_412_units_before_the_reform()
    {
        // 412 commune-level units before 1 July 2025: 362 xã, 33 phường, 17 thị trấn. The nine kept
        // unchanged are among the 362 xã.
        var predecessors = List.SelectMany(u => u.Predecessors).ToList();
        Assert.Equal(353, predecessors.Count(p => p.StartsWith("xã ", StringComparison.Ordinal)));
        Assert.Equal(33, predecessors.Count(p => p.StartsWith("phường ", StringComparison.Ordinal)));
        Assert.Equal(17, predecessors.Count(p => p.StartsWith("thị trấn ", StringComparison.Ordinal)));
        Assert.Equal(403, predecessors.Count);
        Assert.Equal(412, predecessors.Count + List.Count(u => u.Item is null));
    }

    [Fact]
    public void Every_name_is_NFC_normalised_and_trimmed()
    {
        Assert.All(List, u =>
        {
            Assert.True(u.Name.IsNormalized(NormalizationForm.FormC), $"'{u.Name}' is not NFC.");
            Assert.Equal(u.Name.Trim(), u.Name);
            Assert.NotEmpty(u.Name);
            Assert.All(u.Predecessors, p => Assert.True(p.IsNormalized(NormalizationForm.FormC), $"'{p}' is not NFC."));
        });
        Assert.All(DemoOrgUnits.Units, u => Assert.True(u.Name.IsNormalized(NormalizationForm.FormC), $"{u.Id}: '{u.Name}' is not NFC."));
    }

    [Fact]
    public void Names_and_ids_are_unique()
    {
        Assert.Empty(List.GroupBy(u => u.FullName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(List.GroupBy(u => u.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(DemoOrgUnits.Units.GroupBy(u => u.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Theory]
    [InlineData("xã Anh Sơn", "xa-anh-son")]
    [InlineData("phường Trường Vinh", "phuong-truong-vinh")]
    [InlineData("xã Đô Lương", "xa-do-luong")]
    [InlineData("xã Thành Bình Thọ", "xa-thanh-binh-tho")]
    [InlineData("xã Hưng Nguyên Nam", "xa-hung-nguyen-nam")]
    [InlineData("phường Cửa Lò", "phuong-cua-lo")]
    public void Ids_are_slugs_of_kind_and_name_without_diacritics(string fullName, string id)
    {
        Assert.Equal(id, TextFolding.Slug(fullName));
        Assert.Contains(List, u => u.FullName == fullName && u.Id == id);
    }

    [Fact]
    public void The_demo_tree_holds_all_130_under_the_province_from_1_July_2025()
    {
        var units = CommuneLevelDemoUnits;
        Assert.Equal(130, units.Count);
        Assert.Equal(119, units.Count(u => u.Id.StartsWith("xa-", StringComparison.Ordinal)));
        Assert.Equal(11, units.Count(u => u.Id.StartsWith("phuong-", StringComparison.Ordinal)));
        Assert.Equal(List.Select(u => u.Id).Order(StringComparer.Ordinal), units.Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.All(units, u =>
        {
            Assert.Equal("nghe-an", u.ParentId);
            Assert.Equal(new DateOnly(2025, 7, 1), u.ValidFrom);
            Assert.Null(u.ValidTo);
        });
    }

    [Fact]
    public void Demo_names_are_the_resolution_names_with_Dang_bo()
    {
        var names = DemoOrgUnits.Units.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        Assert.All(List, u => Assert.Equal($"Đảng bộ {u.FullName}", names[u.Id]));
        Assert.Equal("Đảng bộ xã Kim Liên", names["xa-kim-lien"]);
        Assert.Equal("Đảng bộ phường Trường Vinh", names["phuong-truong-vinh"]);
    }

    [Fact]
    public void Communes_have_no_predecessor_units_and_wards_continue_a_historic_town()
    {
        var towns = DemoOrgUnits.Units.Where(u => u.Level == OrgUnitLevels.District).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(CommuneLevelDemoUnits, u =>
        {
            if (u.Id.StartsWith("xa-", StringComparison.Ordinal))
            {
                Assert.Empty(u.PredecessorIds);
            }
            else
            {
                Assert.Contains(Assert.Single(u.PredecessorIds), towns);
            }
        });
    }

    [Theory]
    [InlineData(1, "Anh Sơn", "xã", "thị trấn Kim Nhan", "xã Đức Sơn", "xã Phúc Sơn")]
    [InlineData(2, "Yên Xuân", "xã", "xã Cao Sơn", "xã Khai Sơn", "xã Lĩnh Sơn", "xã Long Sơn")]
    [InlineData(3, "Nhân Hòa", "xã", "xã Cẩm Sơn", "xã Hùng Sơn", "xã Tam Đỉnh")]
    [InlineData(12, "Diễn Châu", "xã", "thị trấn Diễn Thành", "xã Diễn Hoa", "xã Diễn Phúc", "xã Ngọc Bích")]
    [InlineData(87, "Cát Ngạn", "xã", "xã Minh Sơn", "xã Cát Văn", "xã Phong Thịnh")]
    [InlineData(116, "Trường Vinh", "phường", "phường Bến Thủy", "phường Hưng Dũng", "phường Hưng Phúc", "phường Trung Đô", "phường Trường Thi", "phường Vinh Tân", "xã Hưng Hòa")]
    public void Sample_items_read_as_the_resolution_has_them(int item, string name, string kind, params string[] predecessors)
    {
        var unit = Assert.Single(List, u => u.Item == item);
        Assert.Equal((name, kind), (unit.Name, unit.Kind));
        Assert.Equal(predecessors, unit.Predecessors);
    }
}
