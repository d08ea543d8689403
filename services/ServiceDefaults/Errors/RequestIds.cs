namespace NgheAn.ServiceDefaults.Errors;

public static class RequestIds
{
    /// <summary>Parses a resource id from a request, or fails with INVALID_ARGUMENT naming the field.</summary>
    public static Guid Parse(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ApiErrors.InvalidArgument(field, "is required.");
        }

        return Guid.TryParse(value, out var id)
            ? id
            : throw ApiErrors.InvalidArgument(field, $"must be a UUID, got '{value}'.");
    }
}
