using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Directives.V1;
using NgheAn.ServiceDefaults.Validation;

namespace NgheAn.ServiceDefaults.Tests.Validation;

/// <summary>The contract's input limits, read from the real request messages' descriptors.</summary>
public sealed class RequestValidatorTests
{
    private static CreateTaskRequest Task(Action<DocumentTask> change)
    {
        var task = new DocumentTask { Title = "Triển khai Nghị quyết", LeadUnitId = "phuong-truong-vinh", DueDate = "2026-12-31" };
        change(task);
        return new CreateTaskRequest { DocumentId = Guid.NewGuid().ToString(), Task = task };
    }

    private static string Fields(Google.Protobuf.IMessage request) =>
        string.Join(", ", RequestValidator.Validate(request).Select(v => v.Field));

    [Fact]
    public void A_valid_request_passes() => Assert.Empty(RequestValidator.Validate(Task(_ => { })));

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("1900-12-31")]
    [InlineData("2101-01-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    public void A_date_outside_the_platform_range_or_not_real_is_refused(string date) =>
        Assert.Equal("task.due_date", Fields(Task(t => t.DueDate = date)));

    [Theory]
    [InlineData("1901-01-01")]
    [InlineData("2100-12-31")]
    [InlineData("")]
    public void The_range_ends_and_an_empty_date_pass(string date) =>
        Assert.Empty(RequestValidator.Validate(Task(t => t.DueDate = date)));

    [Theory]
    [InlineData("a\0b")]
    [InlineData("line\nbreak")]
    [InlineData("\u001b[31m")]
    public void Control_characters_are_refused_in_one_line_text(string title) =>
        Assert.Equal("task.title", Fields(Task(t => t.Title = title)));

    [Fact]
    public void A_lone_surrogate_is_refused_and_a_pair_passes()
    {
        Assert.Equal("task.title", Fields(Task(t => t.Title = "a" + (char)0xD800 + "b")));
        Assert.Empty(RequestValidator.Validate(Task(t => t.Title = "Nghệ An 😀")));
    }

    [Fact]
    public void The_default_length_limits_a_field_without_an_option()
    {
        Assert.Empty(RequestValidator.Validate(Task(t => t.LeadUnitId = new string('x', InputLimits.DefaultMaxLength))));
        Assert.Equal("task.lead_unit_id", Fields(Task(t => t.LeadUnitId = new string('x', InputLimits.DefaultMaxLength + 1))));
        Assert.Equal("document_id", Fields(new CreateTaskRequest { DocumentId = new string('x', 101), Task = new DocumentTask() }));
    }

    [Fact]
    public void A_max_length_option_overrides_the_default()
    {
        Assert.Empty(RequestValidator.Validate(Task(t => t.Title = new string('x', 1000))));
        Assert.Equal("task.title", Fields(Task(t => t.Title = new string('x', 1001))));
    }

    [Fact]
    public void Free_text_allows_line_breaks_and_tabs_but_not_NUL()
    {
        var report = new CreateProgressReportRequest { TaskId = "t", Report = new ProgressReport { Summary = "a\r\n\tb" } };
        Assert.Empty(RequestValidator.Validate(report));
        report.Report.Summary = "a\0b";
        Assert.Equal("report.summary", Fields(report));
    }

    [Fact]
    public void Repeated_strings_are_named_with_their_index()
    {
        var request = Task(t => t.CoordinatingUnitIds.Add(["ok", "bad\0"]));
        Assert.Equal("task.coordinating_unit_ids[1]", Fields(request));
    }

    [Fact]
    public void An_enum_number_the_enum_does_not_define_is_refused()
    {
        var request = new CreateReviewRequest { DocumentId = "d", Review = new Review { Kind = (ReviewKind)999, PeriodStart = "2026-01-01", PeriodEnd = "2026-06-30" } };
        Assert.Equal("review.kind", Fields(request));
    }

    [Theory]
    [InlineData(30.0, 70.0, "")]
    [InlineData(0.0, 0.0, "")]
    [InlineData(30.5, 10.0, "rating.general_score")]
    [InlineData(-1.0, 10.0, "rating.general_score")]
    [InlineData(10.0, 1e300, "rating.task_score")]
    [InlineData(double.NaN, 10.0, "rating.general_score")]
    [InlineData(10.0, double.PositiveInfinity, "rating.task_score")]
    public void Scores_stay_within_their_bounds_and_finite(double general, double task, string expected)
    {
        var request = new CreateRatingRequest
        {
            PersonId = "p",
            Rating = new Rating { Period = "2025", RatingDate = "2025-12-20", GeneralScore = general, TaskScore = task },
        };
        Assert.Equal(expected, Fields(request));
    }

    [Fact]
    public void Output_only_fields_are_not_checked()
    {
        // The services ignore them: a client echoing a resource back is not refused for them.
        var request = Task(t => t.OverdueOccurrences.Add("x\0"));
        Assert.Empty(RequestValidator.Validate(request));
    }
}
