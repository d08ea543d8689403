using NgheAn.Gateway.ApiDescription;

namespace NgheAn.Gateway.Tests;

public sealed class JsonRoutesTests
{
    [Theory]
    [InlineData("/v1/documents", "GET,POST")]
    [InlineData("/v1/documents/0b7f3f5e-1111-4d3a-9c55-0a1b2c3d4e5f", "GET")]
    [InlineData("/v1/documents:proposeNumber", "GET")]
    [InlineData("/v1/org-units:merge", "POST")]
    public void A_known_path_lists_the_methods_its_routes_take(string path, string methods) =>
        Assert.Equal(methods.Split(','), JsonRoutes.MethodsAt(path));

    [Theory]
    [InlineData("/v1/no-such-things")]
    [InlineData("/v1/documents/a/b/c")]
    [InlineData("/nghean.directives.v1.DirectivesService/CreateDocument")]
    public void A_path_no_route_has_takes_no_method(string path) => Assert.Empty(JsonRoutes.MethodsAt(path));
}
