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

    public IResult? Problem() => _errors.Count == 0 ? null : TypedResults.ValidationProblem(_errors);
}
