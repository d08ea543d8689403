using NgheAn.CadreWork.Domain;

namespace NgheAn.CadreWork.Tests.Domain;

public sealed class OrgUnitLevelsTests
{
    [Fact]
    public void Districts_were_abolished_on_1_July_2025()
    {
        Assert.Equal(new DateOnly(2025, 7, 1), OrgUnitLevels.DistrictsAbolished);
    }

    [Fact]
    public void The_six_levels_are_known()
    {
        Assert.Equal(
            new[] { "Central", "Province", "District", "Commune", "Grassroots", "Cell" }.Order(),
            OrgUnitLevels.All.Order());
        Assert.All(OrgUnitLevels.All, level => Assert.True(OrgUnitLevels.IsKnown(level)));
        Assert.False(OrgUnitLevels.IsKnown("commune"));
        Assert.False(OrgUnitLevels.IsKnown(""));
    }

    [Theory]
    [InlineData(OrgUnitLevels.Province, OrgUnitLevels.Central, true)]
    [InlineData(OrgUnitLevels.District, OrgUnitLevels.Province, true)]
    [InlineData(OrgUnitLevels.Commune, OrgUnitLevels.Province, true)]
    [InlineData(OrgUnitLevels.Commune, OrgUnitLevels.District, true)]
    [InlineData(OrgUnitLevels.Grassroots, OrgUnitLevels.Province, true)]
    [InlineData(OrgUnitLevels.Cell, OrgUnitLevels.Grassroots, true)]
    [InlineData(OrgUnitLevels.Cell, OrgUnitLevels.Commune, true)]
    [InlineData(OrgUnitLevels.Commune, OrgUnitLevels.Commune, false)]
    [InlineData(OrgUnitLevels.Grassroots, OrgUnitLevels.Commune, false)]
    [InlineData(OrgUnitLevels.Commune, OrgUnitLevels.Grassroots, false)]
    [InlineData(OrgUnitLevels.Province, OrgUnitLevels.District, false)]
    [InlineData(OrgUnitLevels.Central, OrgUnitLevels.Province, false)]
    [InlineData(OrgUnitLevels.Cell, OrgUnitLevels.Cell, false)]
    [InlineData("Unknown", OrgUnitLevels.Central, false)]
    [InlineData(OrgUnitLevels.Cell, "Unknown", false)]
    public void A_child_must_be_deeper_than_its_parent(string child, string parent, bool allowed)
    {
        Assert.Equal(allowed, OrgUnitLevels.CanBeUnder(child, parent));
    }
}
