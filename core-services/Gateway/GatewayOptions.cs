namespace TicketBottle.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Public base URL of the ticket PDF route (the PdfGenerator function behind API Gateway).</summary>
    public string TicketsBaseUrl { get; set; } = "";
    /// <summary>Largest request body the API reads (its largest legitimate body is an order of 30 seat ids); more is 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
    /// <summary>
    /// Networks (CIDR) of the load balancers in front: only a request from one of them has its client address taken from
    /// X-Forwarded-For (the entry the proxy added), so nobody else picks the address rate limits and logs see.
    /// </summary>
    public List<string> TrustedProxyNetworks { get; set; } = [];
    /// <summary>Origins of the storefront and console, allowed to call the API from a browser (CORS).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
