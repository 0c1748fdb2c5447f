using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.WAFv2;
using Constructs;

namespace TicketBottle.Infra;

/// <summary>
/// The public edge of one region: the WAF web ACL the Gateway's ALB uses (deploy/k8s ingress annotation), and in the
/// primary region the Route 53 failover records between the two regions' ALBs.
/// </summary>
public sealed class EdgeStack : Stack
{
    /// <summary>Requests per 5 minutes from one IP address before WAF blocks it (the Gateway also limits per customer).</summary>
    public const int RequestsPerIpPer5Minutes = 3000;

    public EdgeStack(Construct scope, string id, DeploymentSettings settings, FailoverTargets? failover, IStackProps props) : base(scope, id, props)
    {
        var rules = new List<CfnWebACL.RuleProperty>
        {
            new()
            {
                Name = "RatePerIp",
                Priority = 0,
                Action = new CfnWebACL.RuleActionProperty { Block = new CfnWebACL.BlockActionProperty() },
                Statement = new CfnWebACL.StatementProperty
                {
                    RateBasedStatement = new CfnWebACL.RateBasedStatementProperty { Limit = RequestsPerIpPer5Minutes, AggregateKeyType = "IP" },
                },
                VisibilityConfig = Visibility("RatePerIp"),
            },
        };
        var managed = new[] { "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet" };
        rules.AddRange(managed.Select((name, i) => new CfnWebACL.RuleProperty
        {
            Name = name,
            Priority = i + 1,
            OverrideAction = new CfnWebACL.OverrideActionProperty { None = new Dictionary<string, object>() },
            Statement = new CfnWebACL.StatementProperty
            {
                ManagedRuleGroupStatement = new CfnWebACL.ManagedRuleGroupStatementProperty { VendorName = "AWS", Name = name },
            },
            VisibilityConfig = Visibility(name),
        }));
        var acl = new CfnWebACL(this, "WebAcl", new CfnWebACLProps
        {
            Name = $"{settings.Prefix}-edge",
            Scope = "REGIONAL",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            Rules = rules.ToArray(),
            VisibilityConfig = Visibility("edge"),
        });
        WebAclArn = acl.AttrArn;
        new CfnOutput(this, "WafAclArn", new CfnOutputProps { Value = acl.AttrArn });

        if (failover is not null && Region == settings.PrimaryRegion)
        {
            // The ALB's TLS certificate for the public name (one label under the zone: api.example.com in example.com).
            var certificate = new Certificate(this, "ApiCertificate", new CertificateProps
            {
                DomainName = failover.DomainName,
                Validation = CertificateValidation.FromDns(HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes
                {
                    HostedZoneId = failover.HostedZoneId, ZoneName = failover.DomainName.Split('.', 2)[1],
                })),
            });
            new CfnOutput(this, "CertificateArn", new CfnOutputProps { Value = certificate.CertificateArn });

            // Clients follow the name to the primary region while its Gateway answers /healthz, else to the secondary.
            var health = new CfnHealthCheck(this, "PrimaryHealth", new CfnHealthCheckProps
            {
                HealthCheckConfig = new CfnHealthCheck.HealthCheckConfigProperty
                {
                    Type = "HTTPS", FullyQualifiedDomainName = failover.PrimaryAlb, ResourcePath = "/healthz",
                    RequestInterval = 10, FailureThreshold = 3,
                },
            });
            foreach (var (role, target, check) in new[] { ("PRIMARY", failover.PrimaryAlb, health.AttrHealthCheckId), ("SECONDARY", failover.SecondaryAlb, null) })
            {
                new CfnRecordSet(this, $"Api{role}", new CfnRecordSetProps
                {
                    HostedZoneId = failover.HostedZoneId, Name = failover.DomainName, Type = "CNAME", Ttl = "30",
                    SetIdentifier = role.ToLowerInvariant(), Failover = role, ResourceRecords = [target], HealthCheckId = check,
                });
            }
        }
    }

    public string WebAclArn { get; }

    private static CfnWebACL.VisibilityConfigProperty Visibility(string name) =>
        new() { CloudWatchMetricsEnabled = true, SampledRequestsEnabled = true, MetricName = name };
}

/// <summary>The two regions' ALB names (created by the Load Balancer Controller, read after `kubectl apply`) and the zone.</summary>
public sealed record FailoverTargets(string HostedZoneId, string DomainName, string PrimaryAlb, string SecondaryAlb);
