using Google.Protobuf.WellKnownTypes;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.CadreWork.Api;

/// <summary>Dates in requests and responses: YYYY-MM-DD, errors naming the field (the shared <see cref="RequestDates"/>).</summary>
internal static class ApiDates
{
    public static DateOnly? Optional(string? text, string field) => RequestDates.Optional(text, field);

    public static DateOnly Required(string? text, string field) => RequestDates.Required(text, field);

    public static string Format(DateOnly date) => RequestDates.Format(date);

    public static string Format(DateOnly? date) => RequestDates.Format(date);

    public static Timestamp Stamp(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
