using NgheAn.Directives.Domain;

namespace NgheAn.Directives.Tests.Domain;

public class NumberingAndLifecycleTests
{
    [Fact]
    public void An_empty_register_starts_at_01()
    {
        var symbol = DocumentNumbering.ProposeSymbol([], "KH", ["TU"]);
        Assert.Equal("01-KH/TU", symbol.Value.ToString());
    }

    [Fact]
    public void The_next_number_follows_the_highest_used_and_gaps_are_not_reused()
    {
        Assert.Equal(197, DocumentNumbering.NextFree([1, 2, 196, 5]));
        Assert.Equal("197-KH/TU", DocumentNumbering.ProposeSymbol([196, 3], "KH", ["TU"]).Value.ToString());
    }

    [Fact]
    public void Numbers_restart_each_term_because_the_key_includes_the_term()
    {
        var symbol = DocumentSymbol.Parse("196-KH/TU").Value;
        var old = PartyTerms.Default.KeyFor(symbol, new DateOnly(2019, 6, 13))!;
        var next = PartyTerms.Default.KeyFor(symbol, new DateOnly(2021, 6, 13))!;
        Assert.NotEqual(old, next);
        Assert.Equal("2015-2020", old.Term);
        Assert.Equal("2020-2025", next.Term);
    }

    [Fact]
    public void A_proposal_for_an_unknown_type_names_the_type()
    {
        var result = DocumentNumbering.ProposeSymbol([], "XYZ", ["TU"]);
        Assert.Contains(result.Errors, e => e.Field == DocumentSymbol.TypeField);
    }

    [Theory]
    [InlineData(DocumentStatus.Draft, DocumentStatus.Issued, true)]
    [InlineData(DocumentStatus.Draft, DocumentStatus.Amended, false)]
    [InlineData(DocumentStatus.Issued, DocumentStatus.Amended, true)]
    [InlineData(DocumentStatus.Issued, DocumentStatus.Superseded, true)]
    [InlineData(DocumentStatus.Issued, DocumentStatus.Expired, true)]
    [InlineData(DocumentStatus.Amended, DocumentStatus.Amended, true)]
    [InlineData(DocumentStatus.Amended, DocumentStatus.Superseded, true)]
    [InlineData(DocumentStatus.Issued, DocumentStatus.Draft, false)]
    [InlineData(DocumentStatus.Issued, DocumentStatus.Issued, false)]
    [InlineData(DocumentStatus.Superseded, DocumentStatus.Amended, false)]
    [InlineData(DocumentStatus.Expired, DocumentStatus.Superseded, false)]
    public void Document_lifecycle(DocumentStatus from, DocumentStatus to, bool allowed)
    {
        Assert.Equal(allowed, DocumentLifecycle.CheckTransition(from, to) is null);
    }

    [Fact]
    public void Task_lifecycle_ends_at_done()
    {
        Assert.Equal(WorkStatus.InProgress, TaskLifecycle.AfterProgressReport(WorkStatus.Assigned).Value);
        Assert.Equal(WorkStatus.Done, TaskLifecycle.Complete(WorkStatus.InProgress).Value);
        Assert.False(TaskLifecycle.AfterProgressReport(WorkStatus.Done).IsValid);
        Assert.False(TaskLifecycle.Complete(WorkStatus.Done).IsValid);
    }
}
