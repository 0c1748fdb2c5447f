using Amazon.CDK;

namespace TicketBottle.Infra;

/// <summary>
/// What differs between deployments: the stage (dev, prod — one AWS account each) and the two regions of the plan.
/// From CDK context (`cdk deploy -c stage=prod -c secondaryRegion=…`) with the plan's defaults.
/// </summary>
public sealed record DeploymentSettings(string Stage, string Account, string PrimaryRegion, string SecondaryRegion, string? DomainName)
{
    public const string VpcCidr = "10.0.0.0/16";

    public bool IsProduction => Stage == "prod";

    public string Prefix => $"tb-{Stage}";

    public static DeploymentSettings From(App app) => new(
        Context(app, "stage") ?? "dev",
        Context(app, "account") ?? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") ?? "111111111111",
        Context(app, "primaryRegion") ?? "us-east-1",
        Context(app, "secondaryRegion") ?? "ap-southeast-1",
        Context(app, "domainName"));

    private static string? Context(App app, string key) => app.Node.TryGetContext(key) as string;
}
