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
    /// <summary>Where the discovery document is fetched; empty: the issuer's own.</summary>
    public string MetadataAddress { get; set; } = "";
    /// <summary>Off only for the loopback platform, whose issuer is plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string DiscoveryUrl => MetadataAddress.Length > 0 ? MetadataAddress : $"{Issuer.TrimEnd('/')}{OpenIdEndpoints.DiscoveryPath}";
}
