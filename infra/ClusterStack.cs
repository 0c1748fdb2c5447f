using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Constructs;
using Protocol = Amazon.CDK.AWS.ElasticLoadBalancingV2.Protocol;

namespace TicketBottle.Infra;

/// <summary>
/// The EKS core: control plane and node groups (L1 resources: the L2 Cluster needs the kubectl layer asset, which our
/// package registry does not serve), EKS Pod Identity with one role per service reaching only its own resources, an
/// ECR repository per service, and the internal NLB through which the functions call the services.
/// </summary>
public sealed class ClusterStack : Stack
{
    public ClusterStack(Construct scope, string id, DeploymentSettings settings, Vpc vpc, IStackProps props)
        : base(scope, id, props)
    {
        var clusterName = $"ticketbottle-{settings.Stage}";
        var controlPlaneRole = new Role(this, "ControlPlaneRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("eks.amazonaws.com"),
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("AmazonEKSClusterPolicy")],
        });
        var secretsKey = new Key(this, "KubernetesSecretsKey", new KeyProps { EnableKeyRotation = true });
        var privateSubnets = vpc.PrivateSubnets.Select(s => s.SubnetId).ToArray();
        Cluster = new CfnCluster(this, "Cluster", new CfnClusterProps
        {
            Name = clusterName,
            Version = "1.33",
            RoleArn = controlPlaneRole.RoleArn,
            ResourcesVpcConfig = new CfnCluster.ResourcesVpcConfigProperty
            {
                SubnetIds = privateSubnets,
                EndpointPrivateAccess = true,
                // The deploy pipeline reaches the API; restrict PublicAccessCidrs to it in production.
                EndpointPublicAccess = true,
            },
            AccessConfig = new CfnCluster.AccessConfigProperty { AuthenticationMode = "API" },
            EncryptionConfig = new object[]
            {
                new CfnCluster.EncryptionConfigProperty { Provider = new CfnCluster.ProviderProperty { KeyArn = secretsKey.KeyArn }, Resources = ["secrets"] },
            },
            Logging = new CfnCluster.LoggingProperty
            {
                ClusterLogging = new CfnCluster.ClusterLoggingProperty
                {
                    EnabledTypes = new[] { "api", "audit", "authenticator" }.Select(t => (object)new CfnCluster.LoggingTypeConfigProperty { Type = t }).ToArray(),
                },
            },
        });
        foreach (var addon in new[] { "vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent" })
        {
            new CfnAddon(this, $"Addon-{addon}", new CfnAddonProps { ClusterName = Cluster.Ref, AddonName = addon, ResolveConflicts = "OVERWRITE" });
        }

        var nodeRole = new Role(this, "NodeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            ManagedPolicies = new[] { "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly" }
                .Select(ManagedPolicy.FromAwsManagedPolicyName).ToArray(),
        });
        // Stateful and system pods (Kafka brokers, operators) on on-demand nodes; the services on spot, spread over
        // several instance types so one spot pool running dry does not stop a scale-out.
        NodeGroup("System", "ON_DEMAND", ["m6i.large"], 3, 6);
        NodeGroup("Services", "SPOT", ["m6i.large", "m6a.large", "m5.large", "c6i.xlarge"], settings.IsProduction ? 3 : 1, 20);

        void NodeGroup(string name, string capacity, string[] instanceTypes, int minimum, int maximum) =>
            new CfnNodegroup(this, name, new CfnNodegroupProps
            {
                ClusterName = Cluster.Ref,
                NodegroupName = name.ToLowerInvariant(),
                NodeRole = nodeRole.RoleArn,
                Subnets = privateSubnets,
                CapacityType = capacity,
                InstanceTypes = instanceTypes,
                AmiType = "AL2023_x86_64_STANDARD",
                ScalingConfig = new CfnNodegroup.ScalingConfigProperty { MinSize = minimum, DesiredSize = minimum, MaxSize = maximum },
                Labels = new Dictionary<string, string> { ["ticketbottle/capacity"] = capacity.ToLowerInvariant() },
            });

        // One role per service, assumable only by EKS Pod Identity for that service's account in the ticketbottle
        // namespace. Only Order touches an AWS resource directly (the Orders table); the others reach their stores
        // with the credentials in their secrets.
        foreach (var service in ServiceNames.All)
        {
            var role = PodIdentityRole($"{service}Role", "ticketbottle", service, $"{settings.Prefix}-{Region}-{service}");
            if (service == "order")
            {
                // This region's copy of the global table and its indexes; the saga reads, writes and queries, never scans.
                var table = $"arn:aws:dynamodb:{Region}:{Account}:table/{DataStack.OrdersTableName}";
                role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DescribeTable"],
                    Resources = [table, $"{table}/index/*"],
                }));
            }

            ServiceRoles[service] = role;

            var repository = new Repository(this, $"{service}Repository", new RepositoryProps
            {
                RepositoryName = $"ticketbottle/{service}",
                ImageScanOnPush = true,
                ImageTagMutability = TagMutability.IMMUTABLE,
                LifecycleRules = [new LifecycleRule { MaxImageCount = 50 }],
                RemovalPolicy = settings.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            });
            Repositories[service] = repository;
        }

        // The External Secrets operator reads the application's secrets, nothing else.
        var externalSecrets = PodIdentityRole("ExternalSecretsRole", "external-secrets", "external-secrets");
        externalSecrets.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resources = [$"arn:aws:secretsmanager:{Region}:{Account}:secret:ticketbottle/*"],
        }));

        // The ADOT collector (deploy/k8s/observability): spans to X-Ray, the services' metrics to CloudWatch as EMF logs.
        var collector = PodIdentityRole("AdotCollectorRole", "observability", "adot-collector");
        collector.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resources = ["*"],
        }));
        collector.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resources = [$"arn:aws:logs:{Region}:{Account}:log-group:/ticketbottle/metrics:*"],
        }));

        // The AWS Load Balancer Controller creates the Gateway's ALB (Ingress) and keeps the internal NLB's target groups
        // in step with the pods (TargetGroupBinding). Its actions, written from its documentation; AWS publishes a
        // policy that narrows the writes with tag conditions, which could not be fetched here — prefer it when deploying.
        var loadBalancerController = PodIdentityRole("LoadBalancerControllerRole", "kube-system", "aws-load-balancer-controller");
        loadBalancerController.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions =
            [
                "ec2:Describe*", "ec2:GetSecurityGroupsForVpc", "elasticloadbalancing:Describe*", "acm:ListCertificates", "acm:DescribeCertificate",
                "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState", "iam:ListServerCertificates", "cognito-idp:DescribeUserPoolClient",
            ],
            Resources = ["*"],
        }));
        loadBalancerController.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions =
            [
                "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyRule", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
                "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
                "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
                "ec2:CreateTags", "ec2:DeleteTags",
            ],
            Resources = ["*"],
            Conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:RequestedRegion"] = Region } },
        }));

        // The functions' way in: one internal NLB, a listener per service on template.yaml's ports, IP targets that
        // the AWS Load Balancer Controller keeps in sync with the pods (TargetGroupBinding in deploy/k8s).
        FunctionsSecurityGroup = new SecurityGroup(this, "Functions", new SecurityGroupProps { Vpc = vpc, Description = "TicketBottle Lambda functions" });
        var nlbSecurityGroup = new SecurityGroup(this, "InternalNlb", new SecurityGroupProps { Vpc = vpc, Description = "Core services' internal NLB" });
        var nlb = new NetworkLoadBalancer(this, "CoreServicesNlb", new NetworkLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = false,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            SecurityGroups = [nlbSecurityGroup],
            CrossZoneEnabled = true,
        });
        foreach (var (service, port) in ServiceNames.BehindInternalNlb)
        {
            nlbSecurityGroup.AddIngressRule(FunctionsSecurityGroup, Port.Tcp(port), $"functions → {service}");
            var targets = new NetworkTargetGroup(this, $"{service}Targets", new NetworkTargetGroupProps
            {
                Vpc = vpc, Port = 8080, Protocol = Protocol.TCP, TargetType = TargetType.IP,
                HealthCheck = new Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck { Protocol = Protocol.TCP },
                DeregistrationDelay = Duration.Seconds(15),
            });
            nlb.AddListener(service, new BaseNetworkListenerProps { Port = port, Protocol = Protocol.TCP, DefaultTargetGroups = [targets] });
            new CfnOutput(this, $"{service}TargetGroupArn", new CfnOutputProps { Value = targets.TargetGroupArn });
        }

        new CfnOutput(this, "CoreServicesNlbHost", new CfnOutputProps { Value = nlb.LoadBalancerDnsName });
        new CfnOutput(this, "LambdaSecurityGroupId", new CfnOutputProps { Value = FunctionsSecurityGroup.SecurityGroupId });
        new CfnOutput(this, "EcrRegistry", new CfnOutputProps { Value = $"{Account}.dkr.ecr.{Region}.amazonaws.com" });
        new CfnOutput(this, "ClusterName", new CfnOutputProps { Value = Cluster.Ref });
    }

    public CfnCluster Cluster { get; }

    /// <summary>A role only EKS Pod Identity can hand out, and only to this Kubernetes service account.</summary>
    private Role PodIdentityRole(string id, string kubernetesNamespace, string serviceAccount, string? roleName = null)
    {
        var podIdentity = new ServicePrincipal("pods.eks.amazonaws.com");
        var role = new Role(this, id, new RoleProps { RoleName = roleName, AssumedBy = podIdentity });
        role.AssumeRolePolicy!.AddStatements(new PolicyStatement(new PolicyStatementProps { Principals = [podIdentity], Actions = ["sts:TagSession"] }));
        new CfnPodIdentityAssociation(this, $"{id}PodIdentity", new CfnPodIdentityAssociationProps
        {
            ClusterName = Cluster.Ref, Namespace = kubernetesNamespace, ServiceAccount = serviceAccount, RoleArn = role.RoleArn,
        });
        return role;
    }
    public SecurityGroup FunctionsSecurityGroup { get; }
    public Dictionary<string, Role> ServiceRoles { get; } = new();
    public Dictionary<string, Repository> Repositories { get; } = new();
}
