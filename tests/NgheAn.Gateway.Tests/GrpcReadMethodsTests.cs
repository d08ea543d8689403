using NgheAn.Gateway.Idempotency;

namespace NgheAn.Gateway.Tests;

public sealed class GrpcReadMethodsTests
{
    [Theory]
    [InlineData("/nghean.directives.v1.DirectivesService/GetDocument")]
    [InlineData("/nghean.directives.v1.DirectivesService/ListDocuments")]
    [InlineData("/nghean.supervision.v1.SupervisionService/ListDisciplines")]
    public void A_method_with_a_get_rule_is_a_read(string path) => Assert.True(GrpcReadMethods.IsRead(path));

    [Theory]
    [InlineData("/nghean.directives.v1.DirectivesService/CreateDocument")]
    [InlineData("/nghean.directives.v1.DirectivesService/IssueDocument")]
    [InlineData("/nghean.nowhere.v1.NoService/GetThing")] // unknown: not known to be a read, so treated as a write
    public void Any_other_method_is_a_write(string path) => Assert.False(GrpcReadMethods.IsRead(path));
}
