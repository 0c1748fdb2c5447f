using System.Reflection;
using System.Text.Json;
using TicketBottle.LocalInfrastructure;
using YamlDotNet.RepresentationModel;

namespace TicketBottle.Deployment.Tests;

/// <summary>
/// What `sam build` / `sam deploy` would only find out in AWS: every function in template.yaml points at a project
/// that exists and a handler the dotnet10 runtime can call (public parameterless constructor, Stream → Task&lt;Stream&gt;).
/// </summary>
public sealed class SamTemplateTests
{
    private static readonly YamlMappingNode Resources = LoadResources();

    public static TheoryData<string> Functions() => new(FunctionIds());

    private static IEnumerable<string> FunctionIds() => Resources.Children
        .Where(r => ((YamlMappingNode)r.Value)["Type"].ToString() == "AWS::Serverless::Function")
        .Select(r => r.Key.ToString());

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_code_uri_and_handler_resolve_to_a_callable_stream_handler(string logicalId)
    {
        var properties = (YamlMappingNode)((YamlMappingNode)Resources[logicalId])["Properties"];
        var codeUri = properties["CodeUri"].ToString();
        var handler = properties["Handler"].ToString().Split("::");
        Assert.Equal(3, handler.Length);
        var (assemblyName, typeName, methodName) = (handler[0], handler[1], handler[2]);

        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, codeUri, $"{assemblyName}.csproj")),
            $"{logicalId}: {codeUri} has no {assemblyName}.csproj");
        var type = Assembly.Load(assemblyName).GetType(typeName, throwOnError: true)!;
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        var method = type.GetMethod(methodName, [typeof(Stream)]);
        Assert.NotNull(method);
        Assert.Equal(typeof(Task<Stream>), method.ReturnType);
    }

    [Fact]
    public void Every_function_in_the_solution_is_deployed()
    {
        var deployed = FunctionIds().ToHashSet();

        Assert.Equal(["AnalyticsFunction", "CleanupFunction", "EmailSenderFunction", "PaymentWebhooksFunction", "PdfGeneratorFunction"], deployed.Order());
    }

    [Fact]
    public void Every_sample_event_is_json()
    {
        var files = Directory.GetFiles(RepositoryPaths.Events, "*.json");

        Assert.NotEmpty(files);
        Assert.All(files, file => JsonDocument.Parse(File.ReadAllText(file)).Dispose());
    }

    [Fact]
    public void The_local_pipe_gives_up_on_a_message_after_as_many_receives_as_the_queue_does()
    {
        var queue = (YamlMappingNode)Resources["OrderEventsQueue"]["Properties"];
        var maxReceiveCount = int.Parse(((YamlScalarNode)queue["RedrivePolicy"]["maxReceiveCount"]).Value!, System.Globalization.CultureInfo.InvariantCulture);
        var local = new TicketBottle.LocalPipe.BridgeOptions { Kafka = new TicketBottle.Messaging.KafkaOptions(), Topic = "t" };

        Assert.Equal(maxReceiveCount, local.MaxReceiveCount);
        // Its waits between receives add up to more than the chaos run's longest store outage (10 s).
        Assert.True(Enumerable.Range(1, local.MaxReceiveCount - 1).Sum(n => (local.RedeliveryStep * n).TotalSeconds) > 10);
    }

    private static YamlMappingNode LoadResources()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "template.yaml")))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["Resources"];
    }
}
