namespace TicketBottle.Waitroom;

public sealed class WaitroomOptions
{
    public const string SectionName = "Waitroom";

    /// <summary>StackExchange.Redis configuration string, e.g. "my-elasticache:6379,ssl=true".</summary>
    public string Redis { get; set; } = "";
    /// <summary>HMAC key for admission tokens, at least 32 bytes; from Secrets Manager in production.</summary>
    public string AdmissionTokenKey { get; set; } = "";
    public bool AdmissionLoopEnabled { get; set; } = true;
    public TimeSpan AdmissionLoopInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>A queued customer with no open stream and no poll for this long is dropped by PurgeInactive.</summary>
    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>A queue feed sends at most one snapshot this often however fast the queue moves.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A queue feed repeats its snapshot this often even when nothing moved, so a dead feed surfaces.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
