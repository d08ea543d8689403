using System.Globalization;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Domain;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Emulation.Consumers;

/// <summary>Keeps yearly ratings for title eligibility (Lao động tiên tiến needs ≥ HTTNV); quarterly and term ratings do not decide titles.</summary>
public sealed class RatingDecidedConsumer(EmulationDbContext db) : InboxConsumer<RatingDecided, EmulationDbContext>(db)
{
    protected override async Task Handle(RatingDecided message, CancellationToken cancellationToken)
    {
        if (YearlyRating.Parse(message.Period, message.Grade) is not (var year, var grade))
        {
            return;
        }

        var rating = await Db.Ratings.FindAsync([message.PersonId, year], cancellationToken);
        if (rating is null)
        {
            Db.Ratings.Add(new RatingFact { PersonId = message.PersonId, Year = year, Grade = grade, RatingDate = message.RatingDate });
        }
        else if (message.RatingDate >= rating.RatingDate)
        {
            rating.Grade = grade;
            rating.RatingDate = message.RatingDate;
        }
    }
}

/// <summary>Keeps collectives' yearly ratings for collective titles (Tập thể lao động tiên tiến, Cờ thi đua).</summary>
public sealed class UnitRatingDecidedConsumer(EmulationDbContext db) : InboxConsumer<UnitRatingDecided, EmulationDbContext>(db)
{
    protected override async Task Handle(UnitRatingDecided message, CancellationToken cancellationToken)
    {
        if (message.UnitId is not { } unitId || YearlyRating.Parse(message.Period, message.Grade) is not (var year, var grade))
        {
            return;
        }

        var rating = await Db.UnitRatings.FindAsync([unitId, year], cancellationToken);
        if (rating is null)
        {
            Db.UnitRatings.Add(new UnitRatingFact { UnitId = unitId, Year = year, Grade = grade, RatingDate = message.RatingDate });
        }
        else if (message.RatingDate >= rating.RatingDate)
        {
            rating.Grade = grade;
            rating.RatingDate = message.RatingDate;
        }
    }
}

internal static class YearlyRating
{
    /// <summary>The year and grade of a yearly rating ("2025"); null for quarterly or term periods.</summary>
    public static (int Year, RatingGrade Grade)? Parse(string period, string grade) =>
        int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && Enum.TryParse<RatingGrade>(grade, out var parsed)
            ? (year, parsed)
            : null;
}
