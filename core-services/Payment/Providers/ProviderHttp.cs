using System.Text.Json;
using Grpc.Core;
using Polly;

namespace TicketBottle.Payment.Providers;

/// <summary>
/// One call to a provider through the resilience pipeline (retries of timeouts and 5xx with backoff inside
/// Payment:ProviderDeadline); whatever still fails becomes a <see cref="ProviderException"/> the caller can answer with.
/// </summary>
public static class ProviderHttp
{
    public static async Task<JsonDocument> SendAsync(HttpClient http, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        // ExecutionRejectedException: the pipeline gave up (attempts timed out, or the circuit is open after many failures).
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(StatusCode.Unavailable, $"{provider} did not answer ({ex.GetType().Name}); try again shortly.", ex);
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500 || (int)response.StatusCode is 408 or 429)
            {
                throw new ProviderException(StatusCode.Unavailable, $"{provider} answered {(int)response.StatusCode}; try again shortly.");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new ProviderException(StatusCode.Unavailable, $"{provider} answered {(int)response.StatusCode} without JSON.", ex);
            }
        }
    }
}
