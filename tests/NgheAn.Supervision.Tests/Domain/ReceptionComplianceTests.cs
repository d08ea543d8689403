using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Tests.Domain;

public sealed class ReceptionComplianceTests
{
    [Fact]
    public void A_province_head_receives_citizens_at_least_one_day_a_month()
    {
        Assert.True(ReceptionCompliance.Month("bi-thu", HeadLevel.Province, 2025, 11, [new(2025, 11, 14)]).Compliant);
        var missed = ReceptionCompliance.Month("bi-thu", HeadLevel.Province, 2025, 11, [new(2025, 10, 14), new(2025, 12, 1)]);
        Assert.False(missed.Compliant);
        Assert.Equal(1, missed.Missed);
    }

    [Fact]
    public void A_commune_head_needs_two_distinct_days()
    {
        var sameDay = ReceptionCompliance.Month("chu-tich-xa", HeadLevel.Commune, 2025, 11, [new(2025, 11, 5), new(2025, 11, 5)]);
        Assert.Equal((2, 1, false), (sameDay.Required, sameDay.Held, sameDay.Compliant));
        Assert.True(ReceptionCompliance.Month("chu-tich-xa", HeadLevel.Commune, 2025, 11, [new(2025, 11, 5), new(2025, 11, 20)]).Compliant);
        Assert.Contains("11-QĐi/TW", sameDay.Rule.LegalBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Standing_committee_members_attend_each_assigned_cell_every_quarter()
    {
        var quarter = ReceptionCompliance.Quarter("uv-btv-1", 2025, 4, ["chi-bo-a", "chi-bo-b"],
            [("chi-bo-a", new(2025, 10, 10)), ("chi-bo-b", new(2025, 9, 30))]);
        Assert.Equal(["chi-bo-b"], quarter.MissedCells);
        Assert.True(ReceptionCompliance.Quarter("uv-btv-1", 2025, 3, ["chi-bo-b"], [("chi-bo-b", new(2025, 9, 30))]).Compliant);
    }
}
