using Amazon.CDK;

namespace TicketBottle.Infra;

/// <summary>Every stack of one stage: network, data, cluster, edge and alarms in the primary region; network, cluster and edge in the secondary.</summary>
public static class TicketBottleApp
{
    public sealed record Stacks(NetworkStack Network, DataStack Data, ClusterStack Cluster, EdgeStack Edge, AlarmsStack Alarms,
        NetworkStack SecondaryNetwork, ClusterStack SecondaryCluster, EdgeStack SecondaryEdge);

    public static Stacks Build(App app, DeploymentSettings settings, FailoverTargets? failover)
    {
        StackProps In(string region) => new()
        {
            Env = new Amazon.CDK.Environment { Account = settings.Account, Region = region },
            Tags = new Dictionary<string, string> { ["project"] = "ticketbottle", ["stage"] = settings.Stage },
        };
        string Name(string stack, string region) => $"TicketBottle-{settings.Stage}-{region}-{stack}";

        var primary = settings.PrimaryRegion;
        var network = new NetworkStack(app, Name("Network", primary), settings, In(primary));
        var data = new DataStack(app, Name("Data", primary), settings, network.Vpc, In(primary));
        var cluster = new ClusterStack(app, Name("Cluster", primary), settings, network.Vpc, In(primary));
        var edge = new EdgeStack(app, Name("Edge", primary), settings, failover, In(primary));
        var alarms = new AlarmsStack(app, Name("Alarms", primary), settings, data.Aurora, data.Redis, In(primary));

        // The standby region: the orders replicate into it (global table); the cluster is ready to take traffic.
        var secondary = settings.SecondaryRegion;
        var secondaryNetwork = new NetworkStack(app, Name("Network", secondary), settings, In(secondary));
        var secondaryCluster = new ClusterStack(app, Name("Cluster", secondary), settings, secondaryNetwork.Vpc, In(secondary));
        var secondaryEdge = new EdgeStack(app, Name("Edge", secondary), settings, null, In(secondary));
        return new Stacks(network, data, cluster, edge, alarms, secondaryNetwork, secondaryCluster, secondaryEdge);
    }
}
