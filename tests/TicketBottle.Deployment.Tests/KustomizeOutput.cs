using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Deployment.Tests;

/// <summary>
/// An overlay as `kubectl kustomize` builds it (offline), read into the KubernetesClient models with unknown fields
/// rejected; the operators' custom resources (Strimzi, External Secrets, the Load Balancer Controller) are kept as
/// their kind and YAML.
/// </summary>
public sealed partial class KustomizeOutput
{
    /// <summary>Custom resources of operators the cluster runs; any other unknown kind is a mistake.</summary>
    public static readonly string[] OperatorKinds =
        ["ExternalSecret", "SecretStore", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "TargetGroupBinding"];

    private KustomizeOutput(List<object> objects, List<(string Kind, string Name, string Yaml)> custom)
    {
        Objects = objects;
        Custom = custom;
    }

    public IReadOnlyList<object> Objects { get; }
    public IReadOnlyList<(string Kind, string Name, string Yaml)> Custom { get; }

    public IEnumerable<T> OfKind<T>() => Objects.OfType<T>();

    public V1Deployment Deployment(string name) => OfKind<V1Deployment>().Single(d => d.Name() == name);

    public V1NetworkPolicy NetworkPolicy(string name) => OfKind<V1NetworkPolicy>().Single(p => p.Name() == name);

    /// <summary>The environment a Deployment's container gets: literal values (null for secret references) and its ConfigMaps.</summary>
    public Dictionary<string, string?> Environment(string deployment)
    {
        var container = Deployment(deployment).Spec.Template.Spec.Containers.Single();
        var fromConfigMaps = (container.EnvFrom ?? [])
            .SelectMany(source => OfKind<V1ConfigMap>().Single(m => m.Name() == source.ConfigMapRef.Name).Data)
            .Select(kv => (kv.Key, (string?)kv.Value));
        return container.Env.Select(e => (e.Name, (string?)e.Value)).Concat(fromConfigMaps).ToDictionary(e => e.Item1, e => e.Item2);
    }

    public static Task<KustomizeOutput> BuildAsync(string overlay) => BuildDirectoryAsync(Path.Combine("deploy", "k8s", "overlays", overlay));

    /// <summary>Any kustomization of the repository, by its directory relative to the root.</summary>
    public static async Task<KustomizeOutput> BuildDirectoryAsync(string directory)
    {
        var yaml = await ProcessRunner.RunAsync("kubectl", ["kustomize", Path.Combine(RepositoryPaths.Root, directory)], TimeSpan.FromMinutes(1));
        var objects = new List<object>();
        var custom = new List<(string, string, string)>();
        foreach (var document in DocumentSeparator().Split(yaml).Where(d => !string.IsNullOrWhiteSpace(d)))
        {
            var kind = KindLine().Match(document).Groups[1].Value;
            if (OperatorKinds.Contains(kind))
            {
                custom.Add((kind, NameLine().Match(document).Groups[1].Value, document));
            }
            else
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(document, strict: true));
            }
        }

        return new KustomizeOutput(objects, custom);
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^kind: (\S+)", RegexOptions.Multiline)]
    private static partial Regex KindLine();

    [GeneratedRegex(@"^  name: (\S+)", RegexOptions.Multiline)]
    private static partial Regex NameLine();
}
