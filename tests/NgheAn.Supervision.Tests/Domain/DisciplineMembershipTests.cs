using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Tests.Domain;

public sealed class DisciplineMembershipTests
{
    private static readonly DateOnly Decided = new(2026, 11, 20);

    [Theory]
    [InlineData(DisciplineSubject.FullMember, "Full")]
    [InlineData(DisciplineSubject.ProbationaryMember, "Probationary")]
    public void The_subject_that_matches_CadreWorks_membership_is_accepted(DisciplineSubject subject, string membership) =>
        Assert.Null(DisciplineRules.CheckMembership(subject, membership, Decided));

    [Fact]
    public void A_full_member_stated_as_probationary_is_refused_naming_the_subject()
    {
        var refusal = DisciplineRules.CheckMembership(DisciplineSubject.ProbationaryMember, "Full", Decided);
        Assert.Equal("subject", refusal!.Field);
        Assert.Contains("a full party member", refusal.Message);
        Assert.Contains("69-QĐ/TW", refusal.LegalBasis);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("")]
    public void A_person_who_is_not_a_party_member_is_refused_naming_the_person(string membership) =>
        Assert.Equal("person_id", DisciplineRules.CheckMembership(DisciplineSubject.FullMember, membership, Decided)!.Field);
}
