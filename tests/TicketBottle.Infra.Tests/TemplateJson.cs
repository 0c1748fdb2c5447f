using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace TicketBottle.Infra.Tests;

/// <summary>A synthesized template as JSON, to ask it questions the Assertions matchers make awkward.</summary>
public static class TemplateJson
{
    public static JsonObject Of(Template template) => JsonNode.Parse(JsonSerializer.Serialize(template.ToJSON()))!.AsObject();

    public static IEnumerable<(string LogicalId, JsonObject Properties)> Resources(this Template template, string type) =>
        Of(template)["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? new JsonObject()));

    public static IEnumerable<string> OutputKeys(this Template template) =>
        Of(template)["Outputs"]?.AsObject().Select(o => o.Key) ?? [];
}
