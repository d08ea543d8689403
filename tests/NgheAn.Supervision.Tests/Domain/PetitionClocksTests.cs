using NgheAn.Supervision.Domain;

namespace NgheAn.Supervision.Tests.Domain;

public sealed class PetitionClocksTests
{
    private static readonly PetitionClocks Clocks = PetitionClocks.Default;

    [Fact]
    public void Acceptance_notice_is_due_ten_working_days_after_receipt()
    {
        // Mon 3 Nov 2025 → ten working days later, weekends skipped: Mon 17 Nov.
        Assert.Equal(new DateOnly(2025, 11, 17), Clocks.AcceptanceDue(new(2025, 11, 3)).Due);
    }

    [Fact]
    public void Acceptance_notice_skips_Tet()
    {
        // Received Fri 24 Jan 2025; Tết 2025 off from Mon 27 Jan to Sun 2 Feb: ten working days end Fri 14 Feb.
        Assert.Equal(new DateOnly(2025, 2, 14), Clocks.AcceptanceDue(new(2025, 1, 24)).Due);
    }

    [Theory]
    [InlineData(false, 2025, 12, 3)] // 30 days from 3 Nov 2025 is Wed 3 Dec
    [InlineData(true, 2025, 12, 18)] // complex: 45 days is Thu 18 Dec
    public void Complaints_are_resolved_within_30_days_of_acceptance_or_45_when_complex(bool complex, int y, int m, int d)
    {
        var (due, rule) = Clocks.ResolutionDue(PetitionKind.Complaint, new(2025, 11, 3), complex);
        Assert.Equal(new DateOnly(y, m, d), due);
        Assert.Contains("Khiếu nại", rule!.LegalBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_on_a_day_off_moves_to_the_next_working_day()
    {
        // 30 days from 31 Aug 2025 is Tue 30 Sep, a working day; from 2 Aug it is Mon 1 Sep, off (with 2 Sep) in 2025 → Wed 3 Sep.
        Assert.Equal(new DateOnly(2025, 9, 30), Clocks.ResolutionDue(PetitionKind.Complaint, new(2025, 8, 31)).Due);
        Assert.Equal(new DateOnly(2025, 9, 3), Clocks.ResolutionDue(PetitionKind.Complaint, new(2025, 8, 2)).Due);
        // 30 days from 7 Nov 2025 is Sun 7 Dec → Mon 8 Dec.
        Assert.Equal(new DateOnly(2025, 12, 8), Clocks.ResolutionDue(PetitionKind.Complaint, new(2025, 11, 7)).Due);
    }

    [Theory]
    [InlineData(0, 2025, 12, 3)]
    [InlineData(1, 2026, 1, 2)] // 60 days: Fri 2 Jan 2026
    [InlineData(2, 2026, 2, 2)] // 90 days: Sun 1 Feb → Mon 2 Feb
    public void Denunciations_take_30_days_with_up_to_two_written_extensions(int extensions, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), Clocks.ResolutionDue(PetitionKind.Denunciation, new(2025, 11, 3), writtenExtensions: extensions).Due);
    }

    [Fact]
    public void A_third_extension_is_refused_and_complaints_have_none()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Clocks.ResolutionDue(PetitionKind.Denunciation, new(2025, 11, 3), writtenExtensions: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clocks.ResolutionDue(PetitionKind.Complaint, new(2025, 11, 3), writtenExtensions: 1));
    }

    [Fact]
    public void Reflections_and_recommendations_have_no_resolution_clock_in_law()
    {
        Assert.Null(Clocks.ResolutionDue(PetitionKind.Reflection, new(2025, 11, 3)).Due);
        Assert.Null(Clocks.ResolutionDue(PetitionKind.Recommendation, new(2025, 11, 3)).Due);
    }

    [Fact]
    public void Overdue_starts_the_day_after_the_due_day_and_ends_with_resolution()
    {
        var due = new DateOnly(2025, 12, 3);
        Assert.False(PetitionClocks.IsOverdue(due, null, due));
        Assert.True(PetitionClocks.IsOverdue(due, null, due.AddDays(1)));
        Assert.False(PetitionClocks.IsOverdue(due, due.AddDays(5), due.AddDays(6)));
        Assert.False(PetitionClocks.IsOverdue(null, null, due.AddDays(100)));
    }

    [Fact]
    public void The_deadline_that_runs_is_the_acceptance_notice_until_it_is_sent()
    {
        var acceptanceDue = new DateOnly(2025, 11, 17);
        var resolutionDue = new DateOnly(2025, 12, 3);
        Assert.Equal(acceptanceDue, PetitionClocks.CurrentDue(acceptanceDue, null, null));
        Assert.Equal(resolutionDue, PetitionClocks.CurrentDue(acceptanceDue, new(2025, 11, 3), resolutionDue));
        Assert.Null(PetitionClocks.CurrentDue(acceptanceDue, new(2025, 11, 3), null)); // a reflection, answered by the notice
    }

    [Theory]
    [InlineData(2025, 12, 3, null, 2025, 12, true)] // overdue from 4 Dec, still open on 20 Dec
    [InlineData(2025, 12, 31, null, 2025, 12, false)] // due on the last day: overdue only from January
    [InlineData(2025, 12, 31, null, 2026, 1, true)]
    [InlineData(2025, 11, 10, "2025-12-01", 2025, 12, false)] // resolved on 1 Dec: overdue through 30 Nov only
    [InlineData(2025, 11, 10, "2025-12-02", 2025, 12, true)] // still overdue on 1 Dec
    [InlineData(2025, 11, 10, "2025-11-09", 2025, 11, false)] // resolved in time
    [InlineData(2025, 12, 25, null, 2025, 11, false)] // not yet due in November
    public void A_petition_is_overdue_in_a_month_when_any_of_its_days_falls_between_deadline_and_resolution(
        int y, int m, int d, string? resolved, int year, int month, bool overdue)
    {
        var today = new DateOnly(2025, 12, 20).AddMonths(year == 2026 ? 1 : 0);
        var resolvedOn = resolved is null ? (DateOnly?)null : DateOnly.Parse(resolved, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(overdue, PetitionClocks.OverdueDuring(new DateOnly(y, m, d), resolvedOn, year, month, today));
    }

    [Fact]
    public void Days_after_today_do_not_count()
    {
        // Due 18 Dec, today 18 Dec: not overdue yet in December.
        Assert.False(PetitionClocks.OverdueDuring(new DateOnly(2025, 12, 18), null, 2025, 12, new DateOnly(2025, 12, 18)));
        Assert.True(PetitionClocks.OverdueDuring(new DateOnly(2025, 12, 18), null, 2025, 12, new DateOnly(2025, 12, 19)));
        Assert.False(PetitionClocks.OverdueDuring(null, null, 2025, 12, new DateOnly(2026, 6, 1)));
    }
}
