namespace TicketBottle.Messaging;

public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Empty means Kafka is not configured: producers stay off and outbox rows wait.</summary>
    public string BootstrapServers { get; set; } = "";
    public string ClientId { get; set; } = "ticketbottle";
    /// <summary>"Plaintext" locally; "SaslSsl" against MSK/Strimzi with SCRAM.</summary>
    public string SecurityProtocol { get; set; } = "Plaintext";
    public string? SaslMechanism { get; set; }
    public string? SaslUsername { get; set; }
    public string? SaslPassword { get; set; }
    public int MessageTimeoutMs { get; set; } = 10_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BootstrapServers);
}
