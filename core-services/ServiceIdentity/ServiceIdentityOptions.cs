namespace TicketBottle.ServiceIdentity;

public sealed class ServiceIdentityOptions
{
    public const string SectionName = "ServiceIdentity";
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>This workload's identity (one of <see cref="Callers"/>); empty for a service that calls nobody.</summary>
    public string Name { get; set; } = "";
    /// <summary>Its P-256 private key (PEM), from Secrets Manager in AWS and generated locally.</summary>
    public string PrivateKeyPem { get; set; } = "";
    /// <summary>The callers this service accepts: identity → P-256 public key (PEM).</summary>
    public Dictionary<string, string> Callers { get; set; } = [];
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;
}
