using NgheAn.Access.Fields;
using NgheAn.Access.Tests.Protos;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access.Tests;

public sealed class PersonalFieldsTests
{
    private static TestPeople Sample() => new()
    {
        People =
        {
            new TestPerson
            {
                Name = "Nguyễn Văn A",
                BirthDate = "1975-05-19",
                Rating = new TestRating { Year = 2025, Grade = "HTTNV" },
                History = { new TestRating { Year = 2024, Grade = "HTXSNV" } },
            },
        },
    };

    [Fact]
    public void Roles_named_on_a_field_see_it()
    {
        var people = Sample();
        PersonalFields.Redact(people, new HashSet<string> { PlatformRoles.OrganizationCommittee });

        Assert.Equal(Sample(), people);
    }

    [Fact]
    public void Other_roles_get_the_record_without_its_personal_fields_at_every_depth()
    {
        var people = Sample();
        PersonalFields.Redact(people, new HashSet<string> { PlatformRoles.UnitStaff, PlatformRoles.Propaganda });

        var person = Assert.Single(people.People);
        Assert.Equal("Nguyễn Văn A", person.Name);
        Assert.Equal("", person.BirthDate);
        Assert.Equal(2025, person.Rating.Year);
        Assert.Equal("", person.Rating.Grade);
        Assert.Equal("", Assert.Single(person.History).Grade);
    }

    [Fact]
    public void Each_field_has_its_own_readers()
    {
        var people = Sample();
        PersonalFields.Redact(people, new HashSet<string> { PlatformRoles.InspectionCommission });

        var person = Assert.Single(people.People);
        Assert.Equal("1975-05-19", person.BirthDate); // named on birth_date
        Assert.Equal("", person.Rating.Grade); // not named on grade
    }

    [Fact]
    public void Messages_without_personal_fields_pass_through_unchanged()
    {
        // A contract message: none of its fields (nor their nested messages) is marked.
        var response = new NgheAn.Contracts.Directives.V1.ListDocumentsResponse
        {
            Documents = { new NgheAn.Contracts.Directives.V1.Document { Symbol = "196-KH/TU", Title = "Kế hoạch" } },
            NextPageToken = "next",
        };
        var copy = response.Clone();

        PersonalFields.Redact(response, new HashSet<string> { PlatformRoles.PartyMember });

        Assert.Equal(copy, response);
    }
}
