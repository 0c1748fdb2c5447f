using System.Globalization;

namespace TicketBottle.Functions.Common;

/// <summary>
/// A function's configuration, read from its environment as the Lambda runtime sets it from template.yaml. A missing
/// required variable stops the cold start with its name; values (keys among them) are never logged.
/// </summary>
public static class FunctionEnvironment
{
    public static string Required(string name) =>
        Optional(name) ?? throw new InvalidOperationException($"Environment variable {name} is not set.");

    /// <summary>Null when unset or empty.</summary>
    public static string? Optional(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public static int Integer(string name, int fallback) =>
        Optional(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static TimeSpan Milliseconds(string name, TimeSpan fallback) =>
        Optional(name) is { } value ? TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)) : fallback;

    public static TEnum Enum<TEnum>(string name, TEnum fallback) where TEnum : struct, System.Enum =>
        Optional(name) is { } value ? System.Enum.Parse<TEnum>(value, ignoreCase: true) : fallback;
}
