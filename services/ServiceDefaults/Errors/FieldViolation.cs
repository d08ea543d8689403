namespace NgheAn.ServiceDefaults.Errors;

/// <summary>One problem with one request field, named by its proto field path (e.g. "document.symbol").</summary>
public sealed record FieldViolation(string Field, string Description);
