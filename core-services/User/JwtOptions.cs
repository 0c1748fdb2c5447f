namespace TicketBottle.User;

public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>The public HTTPS base URL the discovery document and JWKS are served under (the Gateway's).</summary>
    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "ticketbottle-api";
    /// <summary>
    /// ES256 private keys (P-256, PEM), from Secrets Manager in AWS and generated into .local/ locally. All are published;
    /// <see cref="ActiveKeyId"/> signs. A rollover adds the next key, makes it active once verifiers refreshed their
    /// JWKS, and drops the old one after the last token it signed expired.
    /// </summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];
    /// <summary>Empty: the first key.</summary>
    public string ActiveKeyId { get; set; } = "";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The keys with a value: a deployment carries an empty rollover slot between rotations.</summary>
    public IEnumerable<SigningKeyOptions> ConfiguredKeys => SigningKeys.Where(k => k.KeyId.Length > 0 || k.PrivateKeyPem.Length > 0);
}
