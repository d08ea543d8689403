namespace NgheAn.Directives.Domain;

/// <summary>One problem with an input, named by the field it concerns (for google.rpc.BadRequest).</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Either a parsed value or the list of everything wrong with the input.</summary>
public sealed class ParseResult<T>
{
    private readonly T? _value;

    private ParseResult(T? value, IReadOnlyList<FieldError> errors) => (_value, Errors) = (value, errors);

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public T Value => IsValid
        ? _value!
        : throw new InvalidOperationException("Invalid input: " + string.Join("; ", Errors));

    public static ParseResult<T> Ok(T value) => new(value, []);

    public static ParseResult<T> Fail(IEnumerable<FieldError> errors)
    {
        var list = errors.ToArray();
        if (list.Length == 0) throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        return new(default, list);
    }

    public static ParseResult<T> Fail(string field, string message) => Fail([new FieldError(field, message)]);
}
