using System.Runtime.InteropServices;
using System.Text;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// librdkafka's built-in mock cluster: real Kafka protocol brokers on loopback, inside this process, from the native
/// library Confluent.Kafka already ships. Stands in for MSK/Strimzi in tests and in the local stack. librdkafka has
/// no managed binding for the mock API, hence this small P/Invoke wrapper (function pointers resolved at run time
/// because the library path is only known then).
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private delegate IntPtr ConfNew();
    private delegate int ConfSet(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr errstrSize);
    private delegate IntPtr KafkaNew(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);
    private delegate void KafkaDestroy(IntPtr rk);
    private delegate IntPtr MockClusterNew(IntPtr rk, int brokerCount);
    private delegate IntPtr MockClusterBootstraps(IntPtr cluster);
    private delegate void MockClusterDestroy(IntPtr cluster);
    private delegate int MockTopicCreate(IntPtr cluster, string topic, int partitions, int replicationFactor);
    private delegate int MockBrokerState(IntPtr cluster, int brokerId);
    private delegate int MockPartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    private const int ProducerType = 0;

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private readonly MockTopicCreate _topicCreate;
    private bool _disposed;

    private KafkaMockCluster(IntPtr handle, IntPtr cluster, string bootstrapServers, MockTopicCreate topicCreate)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        _topicCreate = topicCreate;
    }

    public string BootstrapServers { get; }

    public static KafkaMockCluster Start(int brokerCount = 3)
    {
        var library = NativeKafkaLibrary.Handle;
        var confNew = Export<ConfNew>(library, "rd_kafka_conf_new");
        var confSet = Export<ConfSet>(library, "rd_kafka_conf_set");
        var kafkaNew = Export<KafkaNew>(library, "rd_kafka_new");
        var clusterNew = Export<MockClusterNew>(library, "rd_kafka_mock_cluster_new");
        var bootstraps = Export<MockClusterBootstraps>(library, "rd_kafka_mock_cluster_bootstraps");

        var errors = new StringBuilder(512);
        var conf = confNew();
        // The owning handle only hosts the cluster; keep it quiet.
        confSet(conf, "log_level", "3", errors, (UIntPtr)errors.Capacity);
        var handle = kafkaNew(ProducerType, conf, errors, (UIntPtr)errors.Capacity);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {errors}");
        }

        var cluster = clusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            Export<KafkaDestroy>(library, "rd_kafka_destroy")(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        var bootstrapServers = Marshal.PtrToStringUTF8(bootstraps(cluster))
                               ?? throw new InvalidOperationException("mock cluster has no bootstrap servers");
        return new KafkaMockCluster(handle, cluster, bootstrapServers, Export<MockTopicCreate>(library, "rd_kafka_mock_topic_create"));
    }

    /// <summary>Creates a topic up front, as the platform's infrastructure code does in production.</summary>
    public void CreateTopic(string topic, int partitions = 3, int replicationFactor = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var error = _topicCreate(_cluster, topic, partitions, replicationFactor);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}) failed with error {error}");
        }
    }

    /// <summary>Takes broker <paramref name="brokerId"/> (1…brokerCount) down, as a crashed broker: its connections close and it accepts none.</summary>
    public void SetBrokerDown(int brokerId) => Call("rd_kafka_mock_broker_set_down", brokerId);

    public void SetBrokerUp(int brokerId) => Call("rd_kafka_mock_broker_set_up", brokerId);

    /// <summary>Moves a partition's leadership, as a controller does after a broker failure; clients must follow.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var error = Export<MockPartitionSetLeader>(NativeKafkaLibrary.Handle, "rd_kafka_mock_partition_set_leader")(_cluster, topic, partition, brokerId);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_partition_set_leader({topic}/{partition} → {brokerId}) failed with error {error}");
        }
    }

    private void Call(string function, int brokerId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var error = Export<MockBrokerState>(NativeKafkaLibrary.Handle, function)(_cluster, brokerId);
        if (error != 0)
        {
            throw new InvalidOperationException($"{function}({brokerId}) failed with error {error}");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var library = NativeKafkaLibrary.Handle;
        Export<MockClusterDestroy>(library, "rd_kafka_mock_cluster_destroy")(_cluster);
        Export<KafkaDestroy>(library, "rd_kafka_destroy")(_handle);
    }

    private static T Export<T>(IntPtr library, string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
}
