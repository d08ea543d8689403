using NgheAn.Access.Rules;

namespace NgheAn.Access.Tests;

public sealed class ReachTests
{
    private const string Province = "tw/nghe-an";
    private const string WardA = "tw/nghe-an/phuong-truong-vinh";
    private const string CellOfA = "tw/nghe-an/phuong-truong-vinh/chi-bo-khoi-1";
    private const string WardB = "tw/nghe-an/phuong-vinh-hung";

    [Theory]
    [InlineData("tw/nghe-an", "tw/nghe-an", true)]
    [InlineData("tw/nghe-an/phuong-truong-vinh", "tw/nghe-an", true)]
    [InlineData("tw/nghe-an/phuong-truong-vinh/chi-bo-khoi-1", "tw/nghe-an", true)]
    [InlineData("a/b/c", "a/b", true)]
    [InlineData("a/bc", "a/b", false)]
    [InlineData("a/b-c", "a/b", false)]
    [InlineData("tw/nghe-an/phuong-vinh-hung", "tw/nghe-an/phuong-vinh", false)]
    [InlineData("tw/nghe-an", "tw/nghe-an/phuong-truong-vinh", false)]
    [InlineData("TW/nghe-an", "tw", false)]
    public void IsWithin(string path, string rootPath, bool within) =>
        Assert.Equal(within, Reach.IsWithin(path, rootPath));

    // The caller's unit (ward A): own, child, parent and sibling, for each kind of access.
    [Theory]
    [InlineData(WardA, AccessKind.Read, true)]
    [InlineData(WardA, AccessKind.OwnSubtree, true)]
    [InlineData(WardA, AccessKind.Write, true)]
    [InlineData(CellOfA, AccessKind.Read, true)]
    [InlineData(CellOfA, AccessKind.OwnSubtree, true)]
    [InlineData(CellOfA, AccessKind.Write, true)]
    [InlineData(Province, AccessKind.Read, true)]
    [InlineData(Province, AccessKind.OwnSubtree, false)]
    [InlineData(Province, AccessKind.Write, false)]
    [InlineData(WardB, AccessKind.Read, false)]
    [InlineData(WardB, AccessKind.OwnSubtree, false)]
    [InlineData(WardB, AccessKind.Write, false)]
    public void A_unit_reach_covers_its_subtree_and_reads_the_units_above(string target, AccessKind kind, bool covered) =>
        Assert.Equal(covered, new Reach(false, [WardA]).Covers(target, kind));

    [Fact]
    public void A_successor_reaches_its_predecessors_subtrees()
    {
        var reach = new Reach(false, ["tw/nghe-an/phuong-moi", "tw/nghe-an/xa-cu-1", "tw/nghe-an/xa-cu-2"]);
        Assert.True(reach.Covers("tw/nghe-an/xa-cu-2/chi-bo-1", AccessKind.Write));
        Assert.False(reach.Covers("tw/nghe-an/xa-khac", AccessKind.Write));
    }

    [Fact]
    public void Everywhere_covers_every_unit_and_nowhere_none()
    {
        Assert.True(Reach.All.Covers(WardB, AccessKind.Write));
        Assert.False(Reach.Nowhere.Covers(WardB, AccessKind.Read));
    }
}

public sealed class UnitIdsTests
{
    [Theory]
    [InlineData("phuong-truong-vinh", true)]
    [InlineData("chi-bo-2", true)]
    [InlineData("nghe-an", true)]
    [InlineData("Phuong-Truong-Vinh", false)]
    [InlineData("phuong--vinh", false)]
    [InlineData("phuong\u0000", false)]
    [InlineData("", false)]
    [InlineData("x y", false)]
    public void Only_slugs_name_units(string id, bool wellFormed) =>
        Assert.Equal(wellFormed, NgheAn.Access.Units.UnitIds.IsWellFormed(id));

    [Fact]
    public void A_slug_longer_than_a_unit_id_names_no_unit() =>
        Assert.False(NgheAn.Access.Units.UnitIds.IsWellFormed(new string('a', 101)));
}
