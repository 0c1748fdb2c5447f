using Confluent.Kafka;

namespace TicketBottle.Messaging;

public static class KafkaClientConfig
{
    /// <summary>Idempotent producer: acks from all in-sync replicas, no duplicates or reordering on retry.</summary>
    public static ProducerConfig Producer(KafkaOptions options) => Apply(options, new ProducerConfig
    {
        Acks = Acks.All,
        EnableIdempotence = true,
        MessageTimeoutMs = options.MessageTimeoutMs,
        LingerMs = 5,
    });

    /// <summary>Consumer group with manual commits after processing (at-least-once).</summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string groupId) => Apply(options, new ConsumerConfig
    {
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    });

    private static T Apply<T>(KafkaOptions options, T config) where T : ClientConfig
    {
        config.BootstrapServers = options.BootstrapServers;
        config.ClientId = options.ClientId;
        config.SecurityProtocol = Enum.Parse<SecurityProtocol>(options.SecurityProtocol, ignoreCase: true);
        if (!string.IsNullOrEmpty(options.SaslMechanism))
        {
            config.SaslMechanism = Enum.Parse<SaslMechanism>(options.SaslMechanism.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
            config.SaslUsername = options.SaslUsername;
            config.SaslPassword = options.SaslPassword;
        }

        return config;
    }
}
