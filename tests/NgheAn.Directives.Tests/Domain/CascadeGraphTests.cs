using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class CascadeGraphTests
{
    private static readonly Guid Ct05 = Guid.NewGuid(); // 05-CT/TW
    private static readonly Guid Kh196 = Guid.NewGuid(); // 196-KH/TU
    private static readonly Guid Ct13 = Guid.NewGuid(); // 13-CT/TU
    private static readonly Guid Nq4 = Guid.NewGuid(); // NQ TW4 khóa XII

    private static CascadeGraph Chain() => new(
    [
        new(Kh196, Ct05, LinkKind.Implements),
        new(Ct13, Kh196, LinkKind.Implements),
        new(Ct05, Nq4, LinkKind.IntegratedWith),
    ]);

    [Fact]
    public void A_document_cannot_implement_itself()
    {
        Assert.NotNull(Chain().CheckNewLink(new(Ct05, Ct05, LinkKind.Implements)));
    }

    [Fact]
    public void A_document_cannot_implement_itself_directly_or_transitively()
    {
        var graph = Chain();
        Assert.NotNull(graph.CheckNewLink(new(Ct05, Kh196, LinkKind.Implements)));
        var message = graph.CheckNewLink(new(Ct05, Ct13, LinkKind.Implements));
        Assert.NotNull(message);
        Assert.Contains("cycle", message);
        // Amends and supersedes are directed too.
        Assert.NotNull(graph.CheckNewLink(new(Ct05, Ct13, LinkKind.Supersedes)));
    }

    [Fact]
    public void Integration_may_go_both_ways_and_a_new_downward_link_is_fine()
    {
        var graph = Chain();
        Assert.Null(graph.CheckNewLink(new(Nq4, Ct05, LinkKind.IntegratedWith)));
        Assert.Null(graph.CheckNewLink(new(Guid.NewGuid(), Ct13, LinkKind.Implements)));
        Assert.NotNull(graph.CheckNewLink(new(Kh196, Ct05, LinkKind.Implements))); // exists already
        Assert.Equal([Nq4], graph.IntegratedWith(Ct05));
    }

    [Fact]
    public void The_tree_below_and_above()
    {
        var graph = Chain();
        var below = graph.Below(Ct05);
        var kh = Assert.Single(below.Children);
        Assert.Equal(Kh196, kh.DocumentId);
        Assert.Equal(Ct13, Assert.Single(kh.Children).DocumentId);

        var above = graph.Above(Ct13);
        Assert.Equal(Kh196, Assert.Single(above.Children).DocumentId);
        Assert.Equal(Ct05, Assert.Single(above.Children[0].Children).DocumentId);
        Assert.Equal(new HashSet<Guid> { Ct05, Kh196, Ct13 }, graph.AllBelow(Ct05));
    }
}
