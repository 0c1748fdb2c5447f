using System.Text.RegularExpressions;
using Amazon.CDK.Assertions;
using Match = Amazon.CDK.Assertions.Match;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Infra.Tests;

/// <summary>What the deployment plan promises, as assertions on the prod stage's CloudFormation.</summary>
public sealed class InfrastructureTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Fact]
    public void The_network_spans_three_zones_with_a_NAT_each_and_private_paths_to_AWS_APIs()
    {
        app.Network.ResourceCountIs("AWS::EC2::Subnet", 9);
        app.Network.ResourceCountIs("AWS::EC2::NatGateway", 3);
        var endpoints = app.Network.Resources("AWS::EC2::VPCEndpoint").Select(e => e.Properties["ServiceName"]!.ToJsonString()).ToList();
        Assert.All(new[] { "s3", "dynamodb", "secretsmanager", "ecr.api", "ecr.dkr" },
            service => Assert.Contains(endpoints, e => e.Contains($".{service}", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_database_is_Aurora_Serverless_v2_encrypted_protected_private_and_behind_RDS_Proxy()
    {
        app.Data.HasResourceProperties("AWS::RDS::DBCluster", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Engine"] = "aurora-postgresql",
            ["StorageEncrypted"] = true,
            ["DeletionProtection"] = true,
            ["ServerlessV2ScalingConfiguration"] = Match.ObjectLike(new Dictionary<string, object> { ["MinCapacity"] = 2 }),
        }));
        Assert.All(app.Data.Resources("AWS::RDS::DBInstance"), i => Assert.NotEqual(true, i.Properties["PubliclyAccessible"]?.GetValue<bool>()));
        Assert.Equal(2, app.Data.Resources("AWS::RDS::DBInstance").Count());
        app.Data.HasResourceProperties("AWS::RDS::DBProxy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["EngineFamily"] = "POSTGRESQL", ["RequireTLS"] = true,
        }));
        // Database traffic only from inside the VPC.
        Assert.All(app.Data.Resources("AWS::EC2::SecurityGroup").SelectMany(g => g.Properties["SecurityGroupIngress"]?.AsArray() ?? []),
            rule => Assert.Equal("10.0.0.0/16", rule!["CidrIp"]!.GetValue<string>()));
    }

    [Fact]
    public void Every_service_with_a_database_has_its_own_login_rotated_every_30_days()
    {
        var secrets = app.Data.Resources("AWS::SecretsManager::Secret").Select(s => s.Properties["Name"]?.GetValue<string>()).ToList();
        foreach (var database in ServiceNames.WithDatabase)
        {
            Assert.Contains($"ticketbottle/db/{database}", secrets);
        }

        // Every secret the External Secrets in deploy/k8s read is one infra/ creates.
        var read = Regex.Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "base", "external-secrets.yaml")),
            @"key: (ticketbottle/[\w/-]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(14, read.Count);
        Assert.All(read, name => Assert.Contains(name, secrets));
        // And every key template.yaml resolves for a function by name (each function's service identity).
        var resolved = Regex.Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "template.yaml")),
            @"resolve:secretsmanager:(ticketbottle/[\w/-]+):").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(5, resolved.Count);
        Assert.All(resolved, name => Assert.Contains(name, secrets));

        var rotations = app.Data.Resources("AWS::SecretsManager::RotationSchedule").ToList();
        Assert.Equal(ServiceNames.WithDatabase.Length, rotations.Count);
        Assert.All(rotations, r =>
        {
            Assert.Equal("rate(30 days)", r.Properties["RotationRules"]!["ScheduleExpression"]!.GetValue<string>());
            Assert.Equal("PostgreSQLMultiUser", r.Properties["HostedRotationLambda"]!["RotationType"]!.GetValue<string>());
        });
    }

    [Fact]
    public void The_orders_table_is_a_global_table_with_a_replica_in_the_second_region_point_in_time_recovery_and_on_demand()
    {
        var (_, table) = Assert.Single(app.Data.Resources("AWS::DynamoDB::GlobalTable"));
        Assert.Equal("PAY_PER_REQUEST", table["BillingMode"]!.GetValue<string>());
        Assert.Equal("ticketbottle-orders", table["TableName"]!.GetValue<string>());
        var replicas = table["Replicas"]!.AsArray();
        Assert.Equal(["ap-southeast-1", "us-east-1"], replicas.Select(r => r!["Region"]!.GetValue<string>()).Order());
        Assert.All(replicas, r => Assert.True(r!["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>()));
        Assert.Equal(["confirmed-by-event", "open-by-deadline", "orders-by-customer", "outbox-pending"],
            table["GlobalSecondaryIndexes"]!.AsArray().Select(i => i!["IndexName"]!.GetValue<string>()).Order());
    }

    [Fact]
    public void Redis_fails_over_across_zones_and_speaks_only_TLS_with_AUTH()
    {
        app.Data.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["MultiAZEnabled"] = true, ["AutomaticFailoverEnabled"] = true, ["TransitEncryptionEnabled"] = true,
            ["AtRestEncryptionEnabled"] = true, ["ReplicasPerNodeGroup"] = 2, ["AuthToken"] = Match.AnyValue(),
        }));
    }

    [Fact]
    public void Each_service_has_its_own_Pod_Identity_role_and_only_Order_may_touch_the_orders_table()
    {
        var associations = app.Cluster.Resources("AWS::EKS::PodIdentityAssociation")
            .Where(a => a.Properties["Namespace"]!.GetValue<string>() == "ticketbottle")
            .Select(a => a.Properties["ServiceAccount"]!.GetValue<string>()).Order();
        Assert.Equal(ServiceNames.All.Order(), associations);

        // The operators the manifests rely on get roles of their own, outside the application's namespace.
        Assert.Equal(["external-secrets/external-secrets", "kube-system/aws-load-balancer-controller", "observability/adot-collector"], app.Cluster
            .Resources("AWS::EKS::PodIdentityAssociation").Where(a => a.Properties["Namespace"]!.GetValue<string>() != "ticketbottle")
            .Select(a => $"{a.Properties["Namespace"]}/{a.Properties["ServiceAccount"]}").Order());

        var dynamoPolicies = app.Cluster.Resources("AWS::IAM::Policy")
            .Where(p => p.Properties["PolicyDocument"]!.ToJsonString().Contains("dynamodb:", StringComparison.Ordinal)).ToList();
        var (_, policy) = Assert.Single(dynamoPolicies);
        Assert.Contains("orderRole", policy["Roles"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("table/ticketbottle-orders", policy["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("dynamodb:Scan", policy["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"*\"", policy["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
        // Roles are for EKS Pod Identity only.
        Assert.All(app.Cluster.Resources("AWS::IAM::Role").Where(r => r.LogicalId.Contains("Role", StringComparison.Ordinal)
                                                                      && ServiceNames.All.Any(s => r.LogicalId.StartsWith(s + "Role", StringComparison.Ordinal))),
            r => Assert.Contains("pods.eks.amazonaws.com", r.Properties["AssumeRolePolicyDocument"]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_service_has_an_immutable_ECR_repository_scanned_on_push()
    {
        var repositories = app.Cluster.Resources("AWS::ECR::Repository").ToList();
        Assert.Equal(ServiceNames.All.Select(s => $"ticketbottle/{s}").Order(),
            repositories.Select(r => r.Properties["RepositoryName"]!.GetValue<string>()).Order());
        Assert.All(repositories, r =>
        {
            Assert.True(r.Properties["ImageScanningConfiguration"]!["ScanOnPush"]!.GetValue<bool>());
            Assert.Equal("IMMUTABLE", r.Properties["ImageTagMutability"]!.GetValue<string>());
        });
    }

    [Fact]
    public void The_cluster_encrypts_secrets_and_runs_services_on_spot_and_stateful_pods_on_demand()
    {
        app.Cluster.HasResourceProperties("AWS::EKS::Cluster", Match.ObjectLike(new Dictionary<string, object>
        {
            ["EncryptionConfig"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Resources"] = new[] { "secrets" } })]),
        }));
        Assert.Equal(["ON_DEMAND", "SPOT"],
            app.Cluster.Resources("AWS::EKS::Nodegroup").Select(n => n.Properties["CapacityType"]!.GetValue<string>()).Order());
        app.Cluster.HasResourceProperties("AWS::EKS::Addon", Match.ObjectLike(new Dictionary<string, object> { ["AddonName"] = "eks-pod-identity-agent" }));
    }

    [Fact]
    public void The_internal_NLB_listens_on_the_ports_template_yaml_gives_the_functions()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "template.yaml"));
        var ports = Regex.Matches(template, @"\n  (\w+)ServicePort:\n    Type: Number\n    Default: (\d+)")
            .ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => int.Parse(m.Groups[2].Value));

        app.Cluster.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Scheme"] = "internal", ["Type"] = "network",
        }));
        var listeners = app.Cluster.Resources("AWS::ElasticLoadBalancingV2::Listener").Select(l => l.Properties["Port"]!.GetValue<int>()).Order();
        Assert.Equal(ports.Values.Order(), listeners);
        Assert.Equal(ServiceNames.BehindInternalNlb.ToDictionary(s => s.Service, s => s.Port).OrderBy(p => p.Key), ports.OrderBy(p => p.Key));
        Assert.All(app.Cluster.Resources("AWS::ElasticLoadBalancingV2::TargetGroup"), g => Assert.Equal("ip", g.Properties["TargetType"]!.GetValue<string>()));
    }

    [Fact]
    public void The_edge_has_a_WAF_with_a_rate_rule_and_AWS_managed_rules_and_Route53_fails_over_between_regions()
    {
        var (_, acl) = Assert.Single(app.Edge.Resources("AWS::WAFv2::WebACL"));
        Assert.Equal("REGIONAL", acl["Scope"]!.GetValue<string>());
        var rules = acl["Rules"]!.AsArray();
        Assert.Contains(rules, r => r!["Statement"]!["RateBasedStatement"] is not null);
        Assert.All(new[] { "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList" },
            name => Assert.Contains(rules, r => r!["Statement"]!["ManagedRuleGroupStatement"]?["Name"]?.GetValue<string>() == name));
        Assert.Contains("WafAclArn", app.Edge.OutputKeys());

        var records = app.Edge.Resources("AWS::Route53::RecordSet").ToList();
        Assert.Equal(["PRIMARY", "SECONDARY"], records.Select(r => r.Properties["Failover"]!.GetValue<string>()).Order());
        Assert.NotNull(records.Single(r => r.Properties["Failover"]!.GetValue<string>() == "PRIMARY").Properties["HealthCheckId"]);
        app.Edge.ResourceCountIs("AWS::Route53::HealthCheck", 1);
    }

    [Fact]
    public void Data_store_saturation_and_on_sale_alarms_notify_the_on_call_topic()
    {
        app.Alarms.ResourceCountIs("AWS::SNS::Topic", 1);
        var alarms = app.Alarms.Resources("AWS::CloudWatch::Alarm").ToList();
        Assert.Equal(["ACUUtilization", "CPUUtilization", "DatabaseMemoryUsagePercentage", "EngineCPUUtilization",
                "http_server_request_duration_seconds", "ticketbottle_outbox_oldest_age_seconds"],
            alarms.Select(a => a.Properties["MetricName"]!.GetValue<string>()).Order());
        Assert.All(alarms, a => Assert.Single(a.Properties["AlarmActions"]!.AsArray()));
        Assert.Contains(alarms, a => a.Properties["ExtendedStatistic"]?.GetValue<string>() == "p99");
    }

    [Fact]
    public void The_service_metrics_alarms_watch_are_ones_the_collector_forwards_to_cloudwatch()
    {
        var collector = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "observability", "collector.yaml"));
        var watched = app.Alarms.Resources("AWS::CloudWatch::Alarm")
            .Where(a => a.Properties["Namespace"]!.GetValue<string>() == AlarmsStack.ServiceMetricsNamespace).ToList();

        Assert.NotEmpty(watched);
        Assert.Contains($"namespace: {AlarmsStack.ServiceMetricsNamespace}", collector);
        Assert.All(watched, a => Assert.Contains($"^{a.Properties["MetricName"]!.GetValue<string>()}$", collector));
    }

    [Fact]
    public void Every_output_the_deploy_scripts_read_exists()
    {
        var scripts = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "tools", "deploy"), "*.sh").Select(File.ReadAllText);
        var outputs = new Dictionary<string, Template>
        {
            ["Network"] = app.Network, ["Cluster"] = app.Cluster, ["Edge"] = app.Edge, ["Alarms"] = app.Alarms, ["Data"] = app.Data,
        };
        var read = scripts.SelectMany(s => Regex.Matches(s, @"output (\w+) ""?(\$\{service\}|[A-Za-z]+)(\w*)""?")
                .SelectMany(m => m.Groups[2].Value == "${service}"
                    ? ServiceNames.BehindInternalNlb.Select(b => (m.Groups[1].Value, b.Service + m.Groups[3].Value))
                    : [(m.Groups[1].Value, m.Groups[2].Value + m.Groups[3].Value)]))
            .ToList();

        Assert.NotEmpty(read);
        Assert.All(read, r => Assert.Contains(r.Item2, outputs[r.Item1].OutputKeys()));
    }

    [Fact]
    public void The_second_region_has_its_own_cluster_and_roles_for_its_replica_of_the_orders_table()
    {
        var policy = app.SecondaryCluster.Resources("AWS::IAM::Policy")
            .Single(p => p.Properties["PolicyDocument"]!.ToJsonString().Contains("dynamodb:", StringComparison.Ordinal)).Properties;
        Assert.Contains("ap-southeast-1", policy["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
        app.SecondaryCluster.ResourceCountIs("AWS::EKS::Cluster", 1);
    }
}
