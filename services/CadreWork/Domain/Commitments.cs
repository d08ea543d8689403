namespace NgheAn.CadreWork.Domain;

/// <summary>The period a study-and-follow commitment covers: the central guidance's year, or a month (as the Border Guard's book does).</summary>
public enum CommitmentPeriodKind
{
    Month = 1,
    Year = 2,
}

/// <summary>The cell secretary's review of a period's commitment.</summary>
public enum CommitmentResult
{
    Met = 1,
    PartlyMet = 2,
    NotMet = 3,
}

/// <summary>A commitment period: a year, or a month of a year.</summary>
public sealed record CommitmentPeriod(CommitmentPeriodKind Kind, int Year, int? Month)
{
    public DateOnly Start => new(Year, Month ?? 1, 1);

    public DateOnly End => Kind == CommitmentPeriodKind.Year ? new(Year, 12, 31) : Start.AddMonths(1).AddDays(-1);

    public override string ToString() => Kind == CommitmentPeriodKind.Year ? $"{Year}" : $"{Year}-{Month:00}";

    /// <summary>"2025" or "2025-03"; null when it is neither.</summary>
    public static CommitmentPeriod? Parse(string text)
    {
        var parts = text.Trim().Split('-');
        if (parts.Length == 1 && int.TryParse(parts[0], out var y) && parts[0].Length == 4 && y is >= 1930 and <= 9999)
        {
            return new(CommitmentPeriodKind.Year, y, null);
        }

        if (parts.Length == 2 && parts[0].Length == 4 && parts[1].Length == 2 && int.TryParse(parts[0], out y) && y is >= 1930 and <= 9999
            && int.TryParse(parts[1], out var m) && m is >= 1 and <= 12)
        {
            return new(CommitmentPeriodKind.Month, y, m);
        }

        return null;
    }
}

/// <summary>How a year's reviewed commitments read, for the year's rating (sổ đăng ký học tập và làm theo, Chỉ thị 05-CT/TW).</summary>
public sealed record CommitmentSummary(int Met, int PartlyMet, int NotMet, int Unreviewed)
{
    public static CommitmentSummary Of(IEnumerable<CommitmentResult?> results)
    {
        int met = 0, partly = 0, not = 0, open = 0;
        foreach (var result in results)
        {
            switch (result)
            {
                case CommitmentResult.Met: met++; break;
                case CommitmentResult.PartlyMet: partly++; break;
                case CommitmentResult.NotMet: not++; break;
                default: open++; break;
            }
        }

        return new(met, partly, not, open);
    }

    public override string ToString() => $"commitments: {Met} met, {PartlyMet} partly met, {NotMet} not met, {Unreviewed} not reviewed";
}
