using System.Text;
using System.Text.Json;
using TicketBottle.LocalInfrastructure;
using TicketBottle.LocalPlatform;

namespace TicketBottle.LocalRun;

/// <summary>
/// `./run.sh invoke &lt;FunctionLogicalId&gt; -e events/&lt;file&gt;.json [--env-vars env.json] [--parameter-overrides K=V …]`:
/// one function from template.yaml, built as the managed runtime builds it (handler string, environment, parameterless
/// constructor), fed the event, its answer printed — like `sam local invoke`, against the platform `./run.sh` runs.
/// Environment, strongest first: --env-vars ({"Function": {"NAME": "value"}}, SAM's format), template values resolved
/// with --parameter-overrides, the local platform's values, the template's literals.
/// </summary>
public static class Invoke
{
    public static async Task<int> RunAsync(string[] args)
    {
        var logicalId = args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null;
        var eventPath = Option(args, "-e") ?? Option(args, "--event");
        if (logicalId is null || eventPath is null)
        {
            Console.Error.WriteLine("Usage: ./run.sh invoke <FunctionLogicalId> -e events/<file>.json [--env-vars env.json] [--parameter-overrides K=V ...]");
            return 2;
        }

        var template = Path.Combine(RepositoryPaths.Root, "template.yaml");
        var overrides = Values(args, "--parameter-overrides");
        var function = SamTemplate.LoadFunctions(template, overrides).SingleOrDefault(f => f.LogicalId == logicalId);
        if (function is null)
        {
            Console.Error.WriteLine($"No function {logicalId} in template.yaml; there are: " +
                                    string.Join(", ", SamTemplate.LoadFunctions(template).Select(f => f.LogicalId)));
            return 2;
        }

        var environment = new Dictionary<string, string>(LocalTopology.FunctionEnvironment(LocalPorts.FunctionEnvironment(), logicalId));
        var unresolved = SamTemplate.LoadFunctions(template).Single(f => f.LogicalId == logicalId).Environment;
        foreach (var (name, value) in function.Environment.Where(v => v.Value is not null && unresolved[v.Key] is null))
        {
            environment[name] = value!;
        }

        if (Option(args, "--env-vars") is { } envVars)
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(envVars));
            if (document.RootElement.TryGetProperty(logicalId, out var variables))
            {
                foreach (var variable in variables.EnumerateObject())
                {
                    environment[variable.Name] = variable.Value.ToString();
                }
            }
        }

        var handler = FunctionHost.CreateHandler(function, environment);
        await using var output = await handler(new MemoryStream(await File.ReadAllBytesAsync(eventPath)));
        using var reader = new StreamReader(output, Encoding.UTF8);
        Console.WriteLine(await reader.ReadToEndAsync());
        return 0;
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>The K=V words after <paramref name="name"/>, up to the next option.</summary>
    private static Dictionary<string, string> Values(string[] args, string name) =>
        args.SkipWhile(a => a != name).Skip(1).TakeWhile(a => !a.StartsWith('-'))
            .Select(a => a.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
}
