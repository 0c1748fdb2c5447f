using k8s.Models;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Deployment.Tests;

/// <summary>The promises the manifests make (deploy/k8s), checked on the prod overlay as kubectl builds it.</summary>
public sealed class KubernetesManifestTests : IClassFixture<KubernetesManifestTests.ProdOverlay>
{
    private const string NameLabel = "app.kubernetes.io/name";
    private readonly KustomizeOutput _prod;

    public KubernetesManifestTests(ProdOverlay overlay) => _prod = overlay.Output;

    private static readonly string[] ServiceNames = ["gateway", "user", "event", "inventory", "waitroom", "order", "payment"];

    public static readonly TheoryData<string> Services = new(ServiceNames);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Each_overlay_builds_offline_into_known_objects_with_no_unknown_field(string overlay)
    {
        var output = await KustomizeOutput.BuildAsync(overlay);

        Assert.Equal(ServiceNames.Order(), output.OfKind<V1Deployment>().Select(d => d.Name()).Order());
        Assert.All(output.Custom, c => Assert.Contains(c.Kind, KustomizeOutput.OperatorKinds));
        // Everything the overlay had to fill from the CDK outputs was filled.
        Assert.DoesNotContain(output.Custom, c => c.Yaml.Contains("FROM_CDK_OUTPUTS", StringComparison.Ordinal));
        Assert.All(output.OfKind<V1Ingress>(), i => Assert.DoesNotContain("FROM_CDK_OUTPUTS", i.Metadata.Annotations.Values));
        Assert.All(output.OfKind<V1Deployment>(), d => Assert.StartsWith(
            overlay == "dev" ? "111111111111.dkr.ecr." : "222222222222.dkr.ecr.", d.Spec.Template.Spec.Containers.Single().Image));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_container_runs_non_root_on_a_read_only_root_with_probes_limits_and_a_graceful_stop(string service)
    {
        var pod = _prod.Deployment(service).Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.NotNull(container.ReadinessProbe);
        Assert.NotNull(container.LivenessProbe);
        Assert.All(new[] { "cpu", "memory" }, resource =>
        {
            Assert.True(container.Resources.Requests.ContainsKey(resource), $"{service}: no {resource} request");
            Assert.True(container.Resources.Limits.ContainsKey(resource), $"{service}: no {resource} limit");
        });
        Assert.Contains(pod.TopologySpreadConstraints, c => c.TopologyKey == "topology.kubernetes.io/zone");
        // The pod leaves the load balancers (preStop) and drains before it can be killed.
        Assert.True(pod.TerminationGracePeriodSeconds > container.Lifecycle.PreStop.Sleep.Seconds + 30);
        Assert.Single(_prod.OfKind<V1PodDisruptionBudget>(), p => p.Name() == service);
        Assert.Single(_prod.OfKind<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Name == service);
        Assert.Single(_prod.OfKind<V1Service>(), s => s.Name() == service && s.Spec.Selector[NameLabel] == service);
        Assert.Equal(service, pod.ServiceAccountName);
    }

    [Fact]
    public void Network_policies_open_exactly_the_calls_the_services_make_and_no_other()
    {
        var names = ServiceNames;
        // What the code calls: every service client needs its Services__*Url setting, or the service does not start.
        var calls = names.SelectMany(caller => _prod.Environment(caller).Keys
                .Where(k => k.StartsWith("Services__", StringComparison.Ordinal))
                .Select(k => (caller, callee: k["Services__".Length..^"Url".Length].ToLowerInvariant())))
            .ToHashSet();
        var allowed = names.SelectMany(caller => names.Select(callee => (caller, callee)))
            .Where(edge => PodSelectors(_prod.NetworkPolicy(edge.caller).Spec.Egress?.SelectMany(e => e.To) ?? []).Contains(edge.callee)
                           && PodSelectors(_prod.NetworkPolicy(edge.callee).Spec.Ingress.SelectMany(i => i.FromProperty)).Contains(edge.caller))
            .ToHashSet();

        Assert.NotEmpty(calls);
        Assert.Equal(calls.Order(), allowed.Order());
        Assert.Contains(_prod.OfKind<V1NetworkPolicy>(), p => p.Name() == "default-deny" && p.Spec.PodSelector.MatchLabels is null or { Count: 0 }
                                                             && p.Spec.PolicyTypes.Order().SequenceEqual(["Egress", "Ingress"]));
    }

    [Fact]
    public async Task Every_service_is_scraped_on_its_metrics_port_and_sends_spans_to_a_collector_whose_pipelines_are_wired()
    {
        var observability = await KustomizeOutput.BuildDirectoryAsync(Path.Combine("deploy", "k8s", "observability"));
        var collector = Assert.Single(observability.OfKind<V1Deployment>());
        var service = Assert.Single(observability.OfKind<V1Service>());
        var otlpPort = Assert.Single(service.Spec.Ports).Port;
        Assert.Equal(collector.Spec.Template.Metadata.Labels[NameLabel], service.Spec.Selector[NameLabel]);

        foreach (var name in ServiceNames)
        {
            var environment = _prod.Environment(name);
            Assert.Equal($"http://{service.Name()}.{service.Namespace()}.svc:{otlpPort}", environment["Telemetry__OtlpEndpoint"]);
            var pod = _prod.Deployment(name).Spec.Template;
            Assert.Equal("true", pod.Metadata.Annotations["prometheus.io/scrape"]);
            Assert.Equal(environment["Telemetry__MetricsPort"], pod.Metadata.Annotations["prometheus.io/port"]);
            Assert.Contains(pod.Spec.Containers.Single().Ports, p => p.Name == "metrics" && p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == environment["Telemetry__MetricsPort"]);
            Assert.Equal("status.podIP", pod.Spec.Containers.Single().Env.Single(e => e.Name == "Telemetry__MetricsHost").ValueFrom.FieldRef.FieldPath);
        }

        // Every pipeline names only receivers, processors and exporters the configuration defines.
        var config = new YamlDotNet.RepresentationModel.YamlStream();
        config.Load(new StringReader(Assert.Single(observability.OfKind<V1ConfigMap>(), m => m.Data.ContainsKey("collector.yaml")).Data["collector.yaml"]));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)config.Documents.Single().RootNode;
        HashSet<string> Defined(string section) =>
            ((YamlDotNet.RepresentationModel.YamlMappingNode)root[section]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        var pipelines = (YamlDotNet.RepresentationModel.YamlMappingNode)root["service"]["pipelines"];
        Assert.Equal(["metrics", "traces"], pipelines.Children.Keys.Select(k => k.ToString()).Order());
        foreach (var (_, pipeline) in pipelines.Children)
        {
            foreach (var section in new[] { "receivers", "processors", "exporters" })
            {
                Assert.Subset(Defined(section), ((YamlDotNet.RepresentationModel.YamlSequenceNode)pipeline[section]).Children.Select(c => c.ToString()).ToHashSet());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_reaches_a_data_store_exactly_when_it_is_configured_with_one(string service)
    {
        var environment = _prod.Environment(service);
        var egress = _prod.NetworkPolicy(service).Spec.Egress ?? [];
        bool Port(int port) => egress.Any(e => e.Ports?.Any(p => p.Port.Value == port.ToString()) == true);

        Assert.Equal(environment.ContainsKey("Postgres__ConnectionString"), Port(5432));
        Assert.Equal(environment.ContainsKey("Waitroom__Redis"), Port(6379));
        Assert.Equal(environment.ContainsKey("Kafka__BootstrapServers"), Port(9093));
        // Public addresses, over HTTPS only: DynamoDB's endpoint, or the payment providers' APIs.
        Assert.Equal(environment.ContainsKey("DynamoDb__OrdersTable") || environment.ContainsKey("PayOS__ClientId"), Port(443));
    }

    [Fact]
    public void The_gateways_only_secret_is_its_service_identity_it_checks_customer_tokens_with_public_keys()
    {
        var secrets = _prod.Deployment("gateway").Spec.Template.Spec.Containers.Single().Env.Where(e => e.ValueFrom?.SecretKeyRef is not null);

        Assert.Equal(["ServiceIdentity__PrivateKeyPem"], secrets.Select(e => e.Name));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_knows_the_public_key_of_every_caller(string service)
    {
        var environment = _prod.Environment(service);

        Assert.All(TicketBottle.ServiceIdentity.Callers.All, caller =>
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", environment[$"ServiceIdentity__Callers__{caller}"]));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_secret_a_container_reads_is_brought_by_its_ExternalSecret_or_is_its_Kafka_login(string service)
    {
        var references = _prod.Deployment(service).Spec.Template.Spec.Containers.Single().Env
            .Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.ValueFrom.SecretKeyRef).ToList();
        var externalSecret = _prod.Custom.SingleOrDefault(c => c.Kind == "ExternalSecret" && c.Name == service).Yaml ?? "";
        var kafkaUsers = _prod.Custom.Where(c => c.Kind == "KafkaUser").Select(c => c.Name).ToHashSet();

        Assert.NotEmpty(references);
        Assert.All(references, r =>
        {
            if (kafkaUsers.Contains(r.Name))
            {
                // Strimzi's user operator writes the SCRAM password into a Secret named after the KafkaUser.
                Assert.Equal((service, "password"), (r.Name, r.Key));
                return;
            }

            Assert.Equal($"{service}-secrets", r.Name);
            Assert.Contains($"\n        {r.Key}: ", externalSecret.Replace("\r", "", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void The_internal_NLB_serves_exactly_the_services_the_functions_call_and_lets_the_VPC_in()
    {
        // template.yaml gives functions these: PAYMENT_SERVICE_URL, ORDER_SERVICE_URL, …
        var template = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "template.yaml"));
        var calledByFunctions = System.Text.RegularExpressions.Regex.Matches(template, @"\b([A-Z]+)_SERVICE_URL:")
            .Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        var bound = _prod.Custom.Where(c => c.Kind == "TargetGroupBinding").Select(c => c.Name).ToHashSet();

        Assert.Equal(calledByFunctions.Order(), bound.Order());
        Assert.All(bound, service => Assert.Contains(_prod.NetworkPolicy(service).Spec.Ingress.SelectMany(i => i.FromProperty),
            peer => peer.IpBlock?.Cidr == "10.0.0.0/16"));
    }

    private static HashSet<string> PodSelectors(IEnumerable<V1NetworkPolicyPeer> peers) =>
        peers.Where(p => p.PodSelector?.MatchLabels?.ContainsKey(NameLabel) == true)
            .Select(p => p.PodSelector.MatchLabels[NameLabel]).ToHashSet();

    public sealed class ProdOverlay : IAsyncLifetime
    {
        public KustomizeOutput Output { get; private set; } = null!;

        public async Task InitializeAsync() => Output = await KustomizeOutput.BuildAsync("prod");

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
