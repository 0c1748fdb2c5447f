namespace TicketBottle.User;

public sealed class SigningKeyOptions
{
    /// <summary>The token header's "kid": how verifiers pick the key out of the JWKS.</summary>
    public string KeyId { get; set; } = "";
    public string PrivateKeyPem { get; set; } = "";
}
