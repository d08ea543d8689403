using NgheAn.Contracts.Events.Directives;

namespace NgheAn.Messaging.Tests;

public sealed class EventNamesTests
{
    [Theory]
    [InlineData("DocumentIssued", "document-issued")]
    [InlineData("DisciplineImposed", "discipline-imposed")]
    [InlineData("HTMLPageRendered", "html-page-rendered")]
    public void Names_are_kebab_case(string name, string expected) => Assert.Equal(expected, EventNames.Kebab(name));

    [Fact]
    public void An_event_is_named_after_its_service_and_type()
    {
        Assert.Equal("directives", EventNames.Service(typeof(DocumentIssued)));
        Assert.Equal("nghean.directives.document-issued", EventNames.Exchange(typeof(DocumentIssued)));
        Assert.Equal("vn.nghean.directives.document-issued.v1", EventNames.CloudEventType(typeof(DocumentIssued)));
    }

    [Fact]
    public void Other_types_have_no_event_names() =>
        Assert.Throws<InvalidOperationException>(() => EventNames.Exchange(typeof(string)));
}
