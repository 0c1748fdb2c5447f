using TicketBottle.Messaging;

namespace TicketBottle.LocalPlatform;

public sealed record FunctionHostSettings
{
    public required string TemplatePath { get; init; }
    /// <summary>Values for the variables template.yaml fills from AWS (!Ref, !Sub, …), plus local-only ones (endpoints).</summary>
    public required IReadOnlyDictionary<string, string> LocalEnvironment { get; init; }
    public required KafkaOptions Kafka { get; init; }
    /// <summary>The HTTP API's JWT authorizer: the issuer (whose discovery document and JWKS it reads) and the audience.</summary>
    public required (string Issuer, string Audience) Jwt { get; init; }
    public int HttpPort { get; init; }
    /// <summary>Replaces every schedule's rate locally (template: 5 minutes); null keeps the template's.</summary>
    public TimeSpan? ScheduleInterval { get; init; }
    /// <summary>False: schedules never fire on their own; callers invoke the functions (tests).</summary>
    public bool RunSchedules { get; init; } = true;
}
