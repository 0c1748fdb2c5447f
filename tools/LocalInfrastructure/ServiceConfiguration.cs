using System.Globalization;
using System.Linq.Expressions;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// One service's configuration under the keys its options classes bind ("Section:Property"), set through typed
/// property expressions, so renaming a setting breaks the build here instead of being silently ignored at run time.
/// A service in this process takes it as command-line arguments; a service process takes it as environment variables
/// (Section__Property), the form a Kubernetes manifest gives.
/// </summary>
public sealed class ServiceConfiguration
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Sets <c>TOptions.SectionName:Property</c>.</summary>
    public ServiceConfiguration Set<TOptions>(Expression<Func<TOptions, object?>> property, object value)
    {
        var section = typeof(TOptions).GetField("SectionName")?.GetRawConstantValue() as string
                      ?? throw new ArgumentException($"{typeof(TOptions).Name} has no SectionName constant.");
        var member = (property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body) as MemberExpression
                     ?? throw new ArgumentException("Name a property of the options class, e.g. o => o.ConnectionString.", nameof(property));
        return Set($"{section}:{member.Member.Name}", value);
    }

    /// <summary>For keys no options class of ours binds (Kestrel's, the log level constant).</summary>
    public ServiceConfiguration Set(string key, object value)
    {
        _values[key] = value switch
        {
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return this;
    }

    public string[] ToArgs() => _values.Select(v => $"--{v.Key}={v.Value}").ToArray();

    public IReadOnlyDictionary<string, string> ToEnvironment() => _values.ToDictionary(v => v.Key.Replace(":", "__", StringComparison.Ordinal), v => v.Value);
}
