namespace TicketBottle.Gateway.Api;

/// <summary>Collects field errors and answers them as one 400 validation problem, the way ASP.NET Core clients expect.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, string[]> _errors = new();

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        }

        return this;
    }

    /// <summary>
    /// Text a person typed: present (when required), at most <paramref name="maxLength"/> characters, and free of
    /// control characters (a NUL would reach PostgreSQL, which refuses it) and bidirectional overrides (which make a
    /// name or address display as something else).
    /// </summary>
    public Validation Text(string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Require(!required, field, "Required.");
        }

        return Require(value.Length <= maxLength, field, $"At most {maxLength} characters.")
            .Require(!value.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'), field,
                "Must not contain control or bidirectional-override characters.");
    }

    public IResult? Problem() => _errors.Count == 0 ? null : TypedResults.ValidationProblem(_errors);
}
