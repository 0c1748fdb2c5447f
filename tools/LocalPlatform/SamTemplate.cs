using YamlDotNet.RepresentationModel;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// Reads what a local invoker needs from template.yaml: each function's handler, environment and triggers. Values
/// written with intrinsic functions are AWS-side and come back as null, for the caller to fill with local values — the
/// same split `sam local invoke --env-vars` makes — except `!Ref Parameter` and `!Sub` over parameters when the caller
/// gives those parameters (`--parameter-overrides`).
/// </summary>
public static partial class SamTemplate
{
    /// <param name="parameters">Parameter values to resolve !Ref and !Sub with; a value naming any other parameter stays null.</param>
    public static IReadOnlyList<SamFunction> LoadFunctions(string path, IReadOnlyDictionary<string, string>? parameters = null)
    {
        parameters ??= new Dictionary<string, string>();
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var resources = (YamlMappingNode)root["Resources"];
        var declared = root.Children.TryGetValue("Parameters", out var p) ? (YamlMappingNode)p : new YamlMappingNode();
        var globals = Environment(Child(Child(Child(root, "Globals"), "Function"), "Environment"), parameters);

        return resources.Children
            .Where(r => Scalar(Child(r.Value, "Type")) == "AWS::Serverless::Function")
            .Select(r =>
            {
                var properties = Child(r.Value, "Properties")!;
                var handler = Scalar(Child(properties, "Handler"))!.Split("::");
                var environment = new Dictionary<string, string?>(globals);
                foreach (var (name, value) in Environment(Child(properties, "Environment"), parameters))
                {
                    environment[name] = value;
                }

                var events = (Child(properties, "Events") as YamlMappingNode)?.Children.Values ?? [];
                var routes = new List<HttpRoute>();
                var queues = new List<QueueTrigger>();
                var schedules = new List<ScheduleTrigger>();
                foreach (var trigger in events)
                {
                    var props = Child(trigger, "Properties");
                    switch (Scalar(Child(trigger, "Type")))
                    {
                        case "HttpApi":
                            routes.Add(new HttpRoute(Scalar(Child(props, "Method"))!, Scalar(Child(props, "Path"))!,
                                Child(Child(props, "Auth"), "Authorizer") is not null));
                            break;
                        case "SQS":
                            var queueId = Scalar(Child(props, "Queue"))!.Split('.')[0];
                            queues.Add(new QueueTrigger(queueId, PipeTopics(resources, declared, queueId),
                                int.Parse(Scalar(Child(props, "BatchSize")) ?? "10")));
                            break;
                        case "Schedule":
                            schedules.Add(new ScheduleTrigger(Scalar(Child(props, "Schedule"))!));
                            break;
                    }
                }

                return new SamFunction(r.Key.ToString(), handler[0], handler[1], handler[2], environment, routes, queues, schedules);
            })
            .ToList();
    }

    /// <summary>The HTTP API's CorsConfiguration (API Gateway answers preflights with it); null when there is none.</summary>
    public static HttpApiCors? LoadCors(string path, IReadOnlyDictionary<string, string> parameters)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        var api = ((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["Resources"]).Children.Values
            .Single(r => Scalar(Child(r, "Type")) == "AWS::Serverless::HttpApi");
        if (Child(Child(api, "Properties"), "CorsConfiguration") is not YamlMappingNode cors)
        {
            return null;
        }

        string[] List(string key) => (Child(cors, key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>()
            .Select(v => Resolve(v, parameters) ?? throw new InvalidOperationException($"CorsConfiguration {key}: give {v.Value} a local value.")).ToArray() ?? [];
        return new HttpApiCors(List("AllowOrigins"), List("AllowHeaders"), List("AllowMethods"),
            TimeSpan.FromSeconds(int.Parse(Scalar(Child(cors, "MaxAge")) ?? "0")));
    }

    /// <summary>"rate(5 minutes)" → 5 minutes. Cron expressions aren't used by our template.</summary>
    public static TimeSpan RateOf(string expression)
    {
        var parts = expression.TrimStart("rate(".ToCharArray()).TrimEnd(')').Split(' ');
        var amount = int.Parse(parts[0]);
        return parts[1].TrimEnd('s') switch
        {
            "minute" => TimeSpan.FromMinutes(amount),
            "hour" => TimeSpan.FromHours(amount),
            "day" => TimeSpan.FromDays(amount),
            _ => throw new NotSupportedException($"Schedule '{expression}' is not a rate() expression."),
        };
    }

    /// <summary>The Kafka topics of every Pipe that feeds the queue. (Locally a Pipe's FilterCriteria is not applied.)</summary>
    private static IReadOnlyList<string> PipeTopics(YamlMappingNode resources, YamlMappingNode parameters, string queueId)
    {
        var pipes = resources.Children.Values.Where(r => Scalar(Child(r, "Type")) == "AWS::Pipes::Pipe"
            && Scalar(Child(Child(r, "Properties"), "Target"))?.StartsWith(queueId + ".", StringComparison.Ordinal) == true).ToList();
        if (pipes.Count == 0)
        {
            throw new InvalidOperationException($"No AWS::Pipes::Pipe targets {queueId}.");
        }

        return pipes.Select(pipe =>
        {
            var topic = Child(Child(Child(Child(pipe, "Properties"), "SourceParameters"), "SelfManagedKafkaParameters"), "TopicName")!;
            // "!Ref Parameter" → that parameter's default.
            return topic.Tag.Value == "!Ref" ? Scalar(Child(Child(parameters, Scalar(topic)!), "Default"))! : Scalar(topic)!;
        }).ToList();
    }

    private static Dictionary<string, string?> Environment(YamlNode? environment, IReadOnlyDictionary<string, string> parameters) =>
        (Child(environment, "Variables") as YamlMappingNode)?.Children.ToDictionary(
            v => v.Key.ToString(),
            v => v.Value is YamlScalarNode scalar ? Resolve(scalar, parameters) : null) ?? [];

    private static string? Resolve(YamlScalarNode value, IReadOnlyDictionary<string, string> parameters) =>
        value.Tag.IsEmpty ? value.Value : value.Tag.Value switch
        {
            "!Ref" => parameters.GetValueOrDefault(value.Value!),
            "!Sub" => SubstitutionRegex().Matches(value.Value!).All(m => parameters.ContainsKey(m.Groups[1].Value))
                ? SubstitutionRegex().Replace(value.Value!, m => parameters[m.Groups[1].Value])
                : null,
            _ => null,
        };

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{([A-Za-z0-9:]+)\}")]
    private static partial System.Text.RegularExpressions.Regex SubstitutionRegex();

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
