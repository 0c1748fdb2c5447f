using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TicketBottle.EndToEnd.Tests;

public static class Problems
{
    /// <summary>The fields a 400 validation problem names.</summary>
    public static async Task<IReadOnlySet<string>> FieldsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(p => p.Key).ToHashSet();
}
