using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace TicketBottle.Infra.Tests;

/// <summary>The prod stage synthesized once (jsii starts Node.js; a few seconds), with the failover records on.</summary>
public sealed class SynthesizedApp
{
    public SynthesizedApp()
    {
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        var app = new App(new AppProps { Outdir = Directory.CreateTempSubdirectory("tb-cdk-").FullName });
        Settings = new DeploymentSettings("prod", "222222222222", "us-east-1", "ap-southeast-1", "api.ticketbottle.example");
        Stacks = TicketBottleApp.Build(app, Settings,
            new FailoverTargets("Z0123456789ABCDEFGHIJ", "api.ticketbottle.example", "primary-alb.us-east-1.elb.amazonaws.com",
                "secondary-alb.ap-southeast-1.elb.amazonaws.com"));
        Network = Template.FromStack(Stacks.Network);
        Data = Template.FromStack(Stacks.Data);
        Cluster = Template.FromStack(Stacks.Cluster);
        Edge = Template.FromStack(Stacks.Edge);
        Alarms = Template.FromStack(Stacks.Alarms);
        SecondaryCluster = Template.FromStack(Stacks.SecondaryCluster);
    }

    public DeploymentSettings Settings { get; }
    public TicketBottleApp.Stacks Stacks { get; }
    public Template Network { get; }
    public Template Data { get; }
    public Template Cluster { get; }
    public Template Edge { get; }
    public Template Alarms { get; }
    public Template SecondaryCluster { get; }
}
