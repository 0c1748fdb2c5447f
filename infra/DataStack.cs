using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace TicketBottle.Infra;

/// <summary>
/// The data stores: Aurora Serverless v2 PostgreSQL behind RDS Proxy (one database and one rotated login per
/// service), the Orders DynamoDB table as a global table, ElastiCache Redis for the waiting rooms. Encrypted, never
/// public, kept on stack deletion in production.
/// </summary>
public sealed class DataStack : Stack
{
    public const string OrdersTableName = "ticketbottle-orders";

    public DataStack(Construct scope, string id, DeploymentSettings settings, Vpc vpc, IStackProps props) : base(scope, id, props)
    {
        var removal = settings.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        var isolated = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED };

        // PostgreSQL: reachable only from inside the VPC (pods and the rotation functions), on the isolated subnets.
        var databaseAccess = new SecurityGroup(this, "DatabaseAccess", new SecurityGroupProps { Vpc = vpc, AllowAllOutbound = false });
        databaseAccess.AddIngressRule(Peer.Ipv4(DeploymentSettings.VpcCidr), Port.Tcp(5432), "PostgreSQL from the VPC");
        Aurora = new DatabaseCluster(this, "Aurora", new DatabaseClusterProps
        {
            Engine = DatabaseClusterEngine.AuroraPostgres(new AuroraPostgresClusterEngineProps { Version = AuroraPostgresEngineVersion.VER_16_2 }),
            Writer = ClusterInstance.ServerlessV2("writer"),
            // A reader in another zone takes over in about 30 s if the writer's zone fails.
            Readers = [ClusterInstance.ServerlessV2("reader", new ServerlessV2ClusterInstanceProps { ScaleWithWriter = true })],
            ServerlessV2MinCapacity = settings.IsProduction ? 2 : 0.5,
            ServerlessV2MaxCapacity = settings.IsProduction ? 32 : 4,
            Vpc = vpc,
            VpcSubnets = isolated,
            SecurityGroups = [databaseAccess],
            Credentials = Credentials.FromGeneratedSecret("ticketbottle_admin", new CredentialsBaseOptions { SecretName = "ticketbottle/db/admin" }),
            StorageEncrypted = true,
            DeletionProtection = settings.IsProduction,
            Backup = new BackupProps { Retention = Duration.Days(settings.IsProduction ? 14 : 1) },
            RemovalPolicy = removal,
        });

        // One login per service, rotated by AWS's hosted multi-user rotation (no function code of ours to ship).
        var logins = ServiceNames.WithDatabase.Select(database => new Secret(this, $"{database}Login", new SecretProps
        {
            SecretName = $"ticketbottle/db/{database}",
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = ToJsonString(new Dictionary<string, object>
                {
                    ["engine"] = "postgres", ["username"] = database, ["dbname"] = database, ["port"] = 5432,
                    ["host"] = Aurora.ClusterEndpoint.Hostname, ["masterarn"] = Aurora.Secret!.SecretArn,
                }),
                GenerateStringKey = "password",
                ExcludePunctuation = true,
                PasswordLength = 40,
            },
            RemovalPolicy = removal,
        })).ToList();
        foreach (var login in logins)
        {
            login.AddRotationSchedule("Rotation", new RotationScheduleOptions
            {
                HostedRotation = HostedRotation.PostgreSqlMultiUser(new MultiUserHostedRotationOptions
                {
                    MasterSecret = Aurora.Secret, Vpc = vpc, VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
                    SecurityGroups = [databaseAccess],
                }),
                AutomaticallyAfter = Duration.Days(30),
            });
        }

        // Pods connect through the proxy: pooled connections survive a failover and a scale-out of pods.
        Proxy = Aurora.AddProxy("Proxy", new DatabaseProxyOptions
        {
            Secrets = [Aurora.Secret!, .. logins],
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            SecurityGroups = [databaseAccess],
            RequireTLS = true,
        });

        // Orders: one item per order; replicated to the second region within a second (global table).
        Orders = new TableV2(this, "Orders", new TablePropsV2
        {
            TableName = OrdersTableName,
            PartitionKey = new Attribute { Name = "order_id", Type = AttributeType.STRING },
            Billing = Billing.OnDemand(),
            PointInTimeRecovery = true,
            Encryption = TableEncryptionV2.AwsManagedKey(),
            DeletionProtection = settings.IsProduction,
            RemovalPolicy = removal,
            Replicas = [new ReplicaTableProps { Region = settings.SecondaryRegion }],
            // The same indexes the Order service creates locally (core-services/Order/OrdersTable.cs).
            GlobalSecondaryIndexes =
            [
                Index("open-by-deadline", "open_shard", "deadline", AttributeType.NUMBER),
                Index("outbox-pending", "outbox_shard", "outbox_at", AttributeType.NUMBER),
                // Paid orders by event, for the gate's offline check-in list.
                Index("confirmed-by-event", "confirmed_event", "order_id", AttributeType.STRING),
                // A customer's orders, newest first ("my orders").
                Index("orders-by-customer", "customer_id", "created_at", AttributeType.NUMBER),
            ],
        });

        // Redis for the waiting rooms: a primary and two replicas over the zones, automatic failover, TLS and AUTH.
        var redisAccess = new SecurityGroup(this, "RedisAccess", new SecurityGroupProps { Vpc = vpc, AllowAllOutbound = false });
        redisAccess.AddIngressRule(Peer.Ipv4(DeploymentSettings.VpcCidr), Port.Tcp(6379), "Redis from the VPC");
        var redisAuth = new Secret(this, "RedisAuth", new SecretProps
        {
            SecretName = "ticketbottle/redis-auth",
            GenerateSecretString = new SecretStringGenerator { ExcludePunctuation = true, PasswordLength = 64 },
            RemovalPolicy = removal,
        });
        var subnets = new CfnSubnetGroup(this, "RedisSubnets", new CfnSubnetGroupProps
        {
            Description = "TicketBottle waiting rooms",
            SubnetIds = vpc.SelectSubnets(isolated).SubnetIds,
        });
        Redis = new CfnReplicationGroup(this, "Redis", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = "TicketBottle waiting rooms",
            Engine = "redis",
            EngineVersion = "7.1",
            CacheNodeType = settings.IsProduction ? "cache.r7g.large" : "cache.t4g.small",
            NumNodeGroups = 1,
            ReplicasPerNodeGroup = 2,
            MultiAzEnabled = true,
            AutomaticFailoverEnabled = true,
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            AuthToken = redisAuth.SecretValue.UnsafeUnwrap(),
            CacheSubnetGroupName = subnets.Ref,
            SecurityGroupIds = [redisAccess.SecurityGroupId],
            SnapshotRetentionLimit = settings.IsProduction ? 7 : 0,
        });
        // Where the Waitroom connects; the External Secret joins it with the AUTH token into Waitroom__Redis.
        new Secret(this, "RedisEndpoint", new SecretProps
        {
            SecretName = "ticketbottle/redis",
            SecretObjectValue = new Dictionary<string, SecretValue>
            {
                ["host"] = SecretValue.UnsafePlainText(Redis.AttrPrimaryEndPointAddress),
                ["port"] = SecretValue.UnsafePlainText(Redis.AttrPrimaryEndPointPort),
            },
            RemovalPolicy = removal,
        });

        // Where pods connect; the External Secrets join it with each service's login into Postgres__ConnectionString.
        new Secret(this, "DatabaseProxyHost", new SecretProps
        {
            SecretName = "ticketbottle/db/proxy",
            SecretObjectValue = new Dictionary<string, SecretValue> { ["host"] = SecretValue.UnsafePlainText(Proxy.Endpoint) },
            RemovalPolicy = removal,
        });

        // The Waitroom signs admission tokens with a random HMAC key.
        new Secret(this, "waitroomKey", new SecretProps
        {
            SecretName = "ticketbottle/waitroom",
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{}", GenerateStringKey = "admissionTokenKey", ExcludePunctuation = true, PasswordLength = 64,
            },
            RemovalPolicy = removal,
        });

        // The User service's ES256 keys: CloudFormation cannot make an EC key pair, so the secret starts with empty
        // slots and tools/deploy/jwt-signing-key.sh fills and rotates them (docs/runbooks/jwt-key-rotation.md).
        new Secret(this, "jwtKey", new SecretProps
        {
            SecretName = "ticketbottle/jwt",
            SecretObjectValue = new Dictionary<string, SecretValue>
            {
                ["activeKeyId"] = SecretValue.UnsafePlainText(""), ["activeKeyPem"] = SecretValue.UnsafePlainText(""),
                ["rolloverKeyId"] = SecretValue.UnsafePlainText(""), ["rolloverKeyPem"] = SecretValue.UnsafePlainText(""),
            },
            RemovalPolicy = removal,
        });

        // One key per caller of the core services (core-services/ServiceIdentity): pods read theirs through the External
        // Secrets operator, functions through a dynamic reference in template.yaml. Filled by tools/deploy/service-identity.sh.
        foreach (var caller in ServiceNames.Callers)
        {
            new Secret(this, $"serviceIdentity-{caller}", new SecretProps
            {
                SecretName = $"ticketbottle/service-identity/{caller}",
                SecretObjectValue = new Dictionary<string, SecretValue> { ["privateKeyPem"] = SecretValue.UnsafePlainText("") },
                RemovalPolicy = removal,
            });
        }

        // The merchant credentials from the PayOS and ZaloPay dashboards, filled in by an operator: the Payment pods read the
        // API keys (External Secrets), the functions the webhook keys (template.yaml's KeysSecretArn is this secret).
        var paymentProviders = new Secret(this, "paymentProviders", new SecretProps
        {
            SecretName = "ticketbottle/payment-providers",
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = """{"payos_client_id":"","payos_api_key":"","payos_checksum_key":"","zalopay_app_id":"","zalopay_key1":"","zalopay_key2":""}""",
                GenerateStringKey = "ticket_token_key", ExcludePunctuation = true, PasswordLength = 64,
            },
            RemovalPolicy = removal,
        });

        new CfnOutput(this, "PaymentProvidersSecretArn", new CfnOutputProps { Value = paymentProviders.SecretArn });
        new CfnOutput(this, "DatabaseProxyEndpoint", new CfnOutputProps { Value = Proxy.Endpoint });
        new CfnOutput(this, "OrdersTableName", new CfnOutputProps { Value = Orders.TableName });
    }

    public DatabaseCluster Aurora { get; }
    public DatabaseProxy Proxy { get; }
    public TableV2 Orders { get; }
    public CfnReplicationGroup Redis { get; }

    private static GlobalSecondaryIndexPropsV2 Index(string name, string partitionKey, string sortKey, AttributeType sortKeyType) => new()
    {
        IndexName = name,
        PartitionKey = new Attribute { Name = partitionKey, Type = AttributeType.STRING },
        SortKey = new Attribute { Name = sortKey, Type = sortKeyType },
        ProjectionType = ProjectionType.KEYS_ONLY,
    };
}
