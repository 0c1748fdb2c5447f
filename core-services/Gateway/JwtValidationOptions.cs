namespace TicketBottle.Gateway;

/// <summary>
/// The User service's issuer and audience. The Gateway checks tokens the way API Gateway's JWT authorizer does: the
/// issuer's discovery document, its JWKS, then signature (ES256 only), issuer, audience and expiry.
/// </summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Jwt";

    /// <summary>The public base URL of this Gateway; the discovery document and the JWKS are served under it.</summary>
    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "ticketbottle-api";
    /// <summary>
    /// Base address the issuer's documents are fetched from instead of the issuer URL (see <see cref="IssuerDocumentRetriever"/>);
    /// empty: from the issuer itself.
    /// </summary>
    public string KeysFrom { get; set; } = "";
    /// <summary>Off where the documents are fetched over plain http: the loopback platform, or the pod's own port.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string DiscoveryUrl => $"{Issuer.TrimEnd('/')}{OpenIdEndpoints.DiscoveryPath}";
}
