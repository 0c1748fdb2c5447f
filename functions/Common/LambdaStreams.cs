using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TicketBottle.Functions.Common;

/// <summary>Reads the invocation payload and writes the result for Stream-in/Stream-out handlers.</summary>
public static class LambdaStreams
{
    public static async Task<T?> ReadAsync<T>(Stream input, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(input, typeInfo, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static Stream Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var output = new MemoryStream();
        JsonSerializer.Serialize(output, value, typeInfo);
        output.Position = 0;
        return output;
    }
}
