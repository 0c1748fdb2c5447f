using Amazon.CDK;
using TicketBottle.Infra;

// `dotnet run` here (or `cdk synth` with cdk.json) writes every stack's template to infra/cdk.out.
// Context: -c stage=dev|prod, -c account=…, -c primaryRegion=us-east-1, -c secondaryRegion=ap-southeast-1, and for the
// Route 53 failover records -c hostedZoneId=… -c domainName=… -c primaryAlb=… -c secondaryAlb=….
var app = new App(new AppProps
{
    Outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? Path.Combine(AppContext.BaseDirectory, "../../../cdk.out"),
});
TicketBottleApp.Build(app, DeploymentSettings.From(app), FailoverTargetsFrom(app));
app.Synth();

static FailoverTargets? FailoverTargetsFrom(App app) =>
    new[] { "hostedZoneId", "domainName", "primaryAlb", "secondaryAlb" }.Select(k => app.Node.TryGetContext(k) as string).ToArray() is
        [{ } zone, { } domain, { } primary, { } secondary]
        ? new FailoverTargets(zone, domain, primary, secondary)
        : null;
