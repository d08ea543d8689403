namespace NgheAn.Emulation.Domain;

/// <summary>
/// Levels at which a model is nominated and commended, lowest first. District is historic: districts
/// were abolished on 1 July 2025, so it is kept for records made before that day only.
/// </summary>
public enum CommendationLevel
{
    Grassroots = 1, // cơ sở
    District = 2, // huyện (historic)
    Province = 3, // tỉnh
    Central = 4, // trung ương
}

public static class CommendationLevels
{
    /// <summary>The last day a district-level nomination or commendation can be dated.</summary>
    public static readonly DateOnly LastDistrictDay = new(2025, 6, 30);

    public static bool UsableOn(this CommendationLevel level, DateOnly date) =>
        level != CommendationLevel.District || date <= LastDistrictDay;
}
