using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Constructs;

namespace TicketBottle.Infra;

/// <summary>
/// A VPC over three zones: public subnets (load balancers, NAT), private ones (pods, functions), isolated ones (data
/// stores). AWS APIs the workloads use are reached through VPC endpoints, not the internet.
/// </summary>
public sealed class NetworkStack : Stack
{
    public NetworkStack(Construct scope, string id, DeploymentSettings settings, IStackProps props) : base(scope, id, props)
    {
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(DeploymentSettings.VpcCidr),
            // Named zones, so a stack synthesized offline still spans three.
            AvailabilityZones = new[] { "a", "b", "c" }.Select(zone => $"{Region}{zone}").ToArray(),
            // One NAT per zone in production, so losing a zone never cuts the others off.
            NatGateways = settings.IsProduction ? 3 : 1,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 19 },
                new SubnetConfiguration { Name = "data", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
            ],
        });
        Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 });
        Vpc.AddGatewayEndpoint("DynamoDb", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.DYNAMODB });
        foreach (var (name, service) in new[]
                 {
                     ("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER),
                     ("EcrApi", InterfaceVpcEndpointAwsService.ECR),
                     ("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER),
                     ("Sts", InterfaceVpcEndpointAwsService.STS),
                 })
        {
            Vpc.AddInterfaceEndpoint(name, new InterfaceVpcEndpointOptions { Service = service, PrivateDnsEnabled = true });
        }

        new CfnOutput(this, "VpcId", new CfnOutputProps { Value = Vpc.VpcId });
        new CfnOutput(this, "PrivateSubnetIds", new CfnOutputProps { Value = Fn.Join(",", Vpc.PrivateSubnets.Select(s => s.SubnetId).ToArray()) });
    }

    public Vpc Vpc { get; }
}
