using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace TicketBottle.Infra;

/// <summary>
/// Saturation alarms of the data stores and the on-sale's own (outbox age, order p99), to one SNS topic that the on-call subscribes to. The functions' alarms (DLQ
/// depth, webhook 5xx) are in template.yaml next to the resources they watch, on the same topic (AlarmTopicArn).
/// </summary>
public sealed class AlarmsStack : Stack
{
    /// <summary>Where the collector puts the services' Prometheus metrics (deploy/k8s/observability/collector.yaml).</summary>
    public const string ServiceMetricsNamespace = "TicketBottle/Services";

    public AlarmsStack(Construct scope, string id, DeploymentSettings settings, DatabaseCluster aurora, CfnReplicationGroup redis, IStackProps props)
        : base(scope, id, props)
    {
        var topic = new Topic(this, "OnCall", new TopicProps { TopicName = $"{settings.Prefix}-alarms" });
        var action = new SnsAction(topic);

        Alarm("AuroraCapacity", "Aurora Serverless is near its maximum capacity: raise ServerlessV2MaxCapacity or shed load.",
            new Metric(new MetricProps
            {
                Namespace = "AWS/RDS", MetricName = "ACUUtilization", Statistic = "Maximum", Period = Duration.Minutes(1),
                DimensionsMap = new Dictionary<string, string> { ["DBClusterIdentifier"] = aurora.ClusterIdentifier },
            }), 90);
        Alarm("AuroraCpu", "Aurora CPU saturated.", aurora.MetricCPUUtilization(new MetricOptions { Period = Duration.Minutes(1) }), 85);
        foreach (var (name, metric, threshold) in new[] { ("RedisCpu", "EngineCPUUtilization", 80), ("RedisMemory", "DatabaseMemoryUsagePercentage", 85) })
        {
            Alarm(name, $"Redis (waiting rooms) {metric} high: scale the node type before the next on-sale.", new Metric(new MetricProps
            {
                Namespace = "AWS/ElastiCache", MetricName = metric, Statistic = "Maximum", Period = Duration.Minutes(1),
                DimensionsMap = new Dictionary<string, string> { ["ReplicationGroupId"] = redis.Ref },
            }), threshold);
        }

        // The services' own metrics, which the ADOT collector (deploy/k8s/observability) writes as EMF to TicketBottle/Services.
        Alarm("OutboxAge", "Payment events wait in the outbox over 60 s: Kafka or the relay is stuck; orders stay unconfirmed until it drains.",
            new Metric(new MetricProps
            {
                Namespace = ServiceMetricsNamespace, MetricName = "ticketbottle_outbox_oldest_age_seconds", Statistic = "Maximum",
                Period = Duration.Minutes(1), DimensionsMap = new Dictionary<string, string> { ["service"] = "payment" },
            }), 60);
        Alarm("PlaceOrderP99", "PlaceOrder p99 over 500 ms (the product's latency budget): look at Inventory, the database and the Order pods.",
            new Metric(new MetricProps
            {
                Namespace = ServiceMetricsNamespace, MetricName = "http_server_request_duration_seconds", Statistic = "p99",
                Period = Duration.Minutes(1),
                DimensionsMap = new Dictionary<string, string>
                {
                    ["service"] = "order", ["http_route"] = "/ticketbottle.order.v1.OrderService/PlaceOrder",
                },
            }), 0.5);

        new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = topic.TopicArn });

        void Alarm(string name, string description, IMetric metric, double threshold) =>
            new Alarm(this, name, new AlarmProps
            {
                AlarmDescription = description, Metric = metric, Threshold = threshold, EvaluationPeriods = 3, DatapointsToAlarm = 2,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData = TreatMissingData.NOT_BREACHING,
            }).AddAlarmAction(action);
    }
}
