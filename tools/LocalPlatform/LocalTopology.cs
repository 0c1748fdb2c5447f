using TicketBottle.Functions.Common;
using TicketBottle.Gateway;
using TicketBottle.LocalInfrastructure;
using TicketBottle.Messaging;
using TicketBottle.Order;
using TicketBottle.Payment;
using TicketBottle.ProviderSandbox;
using TicketBottle.ServiceDefaults;
using TicketBottle.ServiceIdentity;
using TicketBottle.User;
using TicketBottle.Waitroom;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// The local platform as one typed object: where every service answers, which data store each one owns, and every
/// setting each one is started with. The platform (./run.sh), the end-to-end tests and the load test start services
/// from it, so a setting is named in one place and a renamed option fails to compile here.
/// </summary>
public sealed record LocalTopology
{
    public const string Region = "ap-southeast-1";
    public const string OrdersTable = "ticketbottle-local-orders";
    public const string TicketsBucket = "ticketbottle-local-tickets";
    public const string EmailSendsTable = "ticketbottle-local-email-sends";

    public const string JwtAudience = "ticketbottle-api";

    public required PlatformSettings Settings { get; init; }
    public required LocalSigningKey JwtSigningKey { get; init; }
    public required ServiceUrls Urls { get; init; }
    /// <summary>One database per service, as in production (connection strings by service name).</summary>
    public required LocalDatabases Databases { get; init; }
    public required string RedisEndpoint { get; init; }
    public required string KafkaBootstrapServers { get; init; }
    public required Uri DynamoDbUrl { get; init; }
    public required Uri S3Url { get; init; }
    /// <summary>The PayOS / ZaloPay sandbox: the Payment service's provider base URL for both.</summary>
    public required Uri ProviderSandboxUrl { get; init; }

    /// <summary>Where providers post their webhooks: the PaymentWebhooks function behind the local HTTP API.</summary>
    public Uri WebhookUrl(string provider) => new(Urls.Functions, $"webhooks/{provider}");

    /// <summary>The Gateway's base URL: tokens name it as their issuer, and it serves the discovery document and JWKS.</summary>
    public string JwtIssuer => Urls.Gateway.GetLeftPart(UriPartial.Authority);

    /// <summary>Each function's service identity, by its logical id in template.yaml.</summary>
    public static readonly IReadOnlyDictionary<string, string> FunctionIdentities = new Dictionary<string, string>
    {
        ["PaymentWebhooksFunction"] = Callers.PaymentWebhooks,
        ["EmailSenderFunction"] = Callers.EmailSender,
        ["PdfGeneratorFunction"] = Callers.PdfGenerator,
        ["CleanupFunction"] = Callers.Cleanup,
        ["AnalyticsFunction"] = Callers.Analytics,
    };

    public ServiceConfiguration Payment() => Common()
        .Set<PostgresOptions>(o => o.ConnectionString, Databases.Payments)
        .Set<KafkaOptions>(o => o.BootstrapServers, KafkaBootstrapServers)
        .Set<PaymentOptions>(o => o.IntentLifetime, Settings.PaymentLifetime)
        .Set<PaymentOptions>(o => o.StorefrontUrl, Urls.Gateway)
        .Set<PaymentOptions>(o => o.ReconcileAfter, Settings.PaymentReconcileAfter)
        // Payment windows are seconds long in tests; the provider's checkout closes with ours.
        .Set<PaymentOptions>(o => o.ProviderExpiryMargin, Settings.PaymentLifetime < TimeSpan.FromMinutes(2) ? TimeSpan.Zero : TimeSpan.FromMinutes(1))
        .PayingThrough(ProviderSandboxUrl, Settings.ProviderCredentials, WebhookUrl("zalopay"));

    public ServiceConfiguration Inventory() => Common()
        .Set<PostgresOptions>(o => o.ConnectionString, Databases.Inventory);

    public ServiceConfiguration Waitroom() => Common()
        .Set<WaitroomOptions>(o => o.Redis, RedisEndpoint)
        .Set<WaitroomOptions>(o => o.AdmissionTokenKey, Settings.AdmissionTokenKey);

    public ServiceConfiguration User() => Common()
        .Set<PostgresOptions>(o => o.ConnectionString, Databases.Users)
        .Set<JwtOptions>(o => o.Issuer, JwtIssuer)
        .Set<JwtOptions>(o => o.Audience, JwtAudience)
        .Set<JwtOptions>(o => o.ActiveKeyId, JwtSigningKey.KeyId)
        .Set($"{JwtOptions.SectionName}:{nameof(JwtOptions.SigningKeys)}:0:{nameof(SigningKeyOptions.KeyId)}", JwtSigningKey.KeyId)
        .Set($"{JwtOptions.SectionName}:{nameof(JwtOptions.SigningKeys)}:0:{nameof(SigningKeyOptions.PrivateKeyPem)}", JwtSigningKey.PrivateKeyPem)
        .Set($"{RoleOptions.SectionName}:{nameof(RoleOptions.AdminEmails)}:0", Settings.AdminEmail)
        .Set<PasswordOptions>(o => o.MemoryKib, Settings.PasswordMemoryKib)
        .Set<PasswordOptions>(o => o.Iterations, Settings.PasswordIterations);

    public ServiceConfiguration Event() => Common().CallingAs(Callers.Event)
        .Set<PostgresOptions>(o => o.ConnectionString, Databases.Events)
        .Set<ServiceAddresses>(o => o.InventoryUrl, Urls.Inventory)
        .Set<ServiceAddresses>(o => o.WaitroomUrl, Urls.Waitroom);

    public ServiceConfiguration Order() => Common().CallingAs(Callers.Order)
        .Set<DynamoDbOptions>(o => o.ServiceUrl!, DynamoDbUrl)
        .Set<DynamoDbOptions>(o => o.EnsureTable, true)
        .Set<DynamoDbOptions>(o => o.OrdersTable, OrdersTable)
        .Set<DynamoDbOptions>(o => o.Region, Region)
        .Set<KafkaOptions>(o => o.BootstrapServers, KafkaBootstrapServers)
        .Set<ServiceAddresses>(o => o.WaitroomUrl, Urls.Waitroom)
        .Set<ServiceAddresses>(o => o.InventoryUrl, Urls.Inventory)
        .Set<ServiceAddresses>(o => o.PaymentUrl, Urls.Payment)
        .Set<ServiceAddresses>(o => o.EventUrl, Urls.Event)
        .Set<OrderOptions>(o => o.PaymentGrace, Settings.PaymentGrace)
        .Set<OrderOptions>(o => o.HoldLifetime, Settings.HoldLifetime)
        .Set<TicketOptions>(o => o.TokenKey, Settings.TicketTokenKey);

    public ServiceConfiguration Gateway() => Common().CallingAs(Callers.Gateway)
        .Set<ServiceAddresses>(o => o.UserUrl, Urls.User)
        .Set<ServiceAddresses>(o => o.EventUrl, Urls.Event)
        .Set<ServiceAddresses>(o => o.InventoryUrl, Urls.Inventory)
        .Set<ServiceAddresses>(o => o.WaitroomUrl, Urls.Waitroom)
        .Set<ServiceAddresses>(o => o.OrderUrl, Urls.Order)
        .Set<GatewayOptions>(o => o.TicketsBaseUrl, Urls.Functions)
        // No storefront runs locally yet; pages served from the Gateway's own origin need no CORS.
        .Set($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.AllowedOrigins)}:0", JwtIssuer)
        .Set<JwtValidationOptions>(o => o.Issuer, JwtIssuer)
        .Set<JwtValidationOptions>(o => o.Audience, JwtAudience)
        .Set<JwtValidationOptions>(o => o.KeysFrom, JwtIssuer)
        .Set<JwtValidationOptions>(o => o.RequireHttpsMetadata, false)
        .Set<RateLimitOptions>(o => o.TokensPerSecond, Settings.RateLimitPerSecond)
        .Set<RateLimitOptions>(o => o.Burst, Settings.RateLimitPerSecond * 2)
        .Set<RateLimitOptions>(o => o.AuthPerMinute, Settings.AuthPerMinute);

    /// <summary>
    /// Values for what template.yaml fills from AWS (!Ref, !Sub, Secrets Manager) plus the local-only endpoints, like
    /// `sam local invoke --env-vars`.
    /// </summary>
    public IReadOnlyDictionary<string, string> FunctionEnvironment()
    {
        // Always named: the function host sets these process-wide, and "" clears a previous platform's directory.
        return new Dictionary<string, string>(FunctionEnvironment(Settings, Urls, S3Url, DynamoDbUrl))
        {
            ["TRACE_DIRECTORY"] = Settings.TraceDirectory ?? "",
        };
    }

    /// <summary>What one function gets on top of <see cref="FunctionEnvironment()"/>: its own service identity key.</summary>
    public static IReadOnlyDictionary<string, string> FunctionEnvironment(IReadOnlyDictionary<string, string> shared, string logicalId)
    {
        var environment = new Dictionary<string, string>(shared);
        if (FunctionIdentities.TryGetValue(logicalId, out var identity))
        {
            environment[CoreServiceChannels.KeyVariable] = LocalServiceIdentities.PrivateKeyPem(identity);
        }

        return environment;
    }

    /// <summary>The functions' part of the topology alone: what `./run.sh invoke` needs to call into a running platform.</summary>
    public static IReadOnlyDictionary<string, string> FunctionEnvironment(PlatformSettings settings, ServiceUrls urls, Uri s3Url, Uri dynamoDbUrl) =>
        new Dictionary<string, string>
    {
        ["STAGE"] = "local",
        ["LOG_LEVEL"] = settings.LogLevel,
        ["AWS_REGION"] = Region,
        ["PAYMENT_SERVICE_URL"] = urls.Payment.ToString(),
        ["INVENTORY_SERVICE_URL"] = urls.Inventory.ToString(),
        ["WAITROOM_SERVICE_URL"] = urls.Waitroom.ToString(),
        ["ORDER_SERVICE_URL"] = urls.Order.ToString(),
        ["EVENT_SERVICE_URL"] = urls.Event.ToString(),
        ["USER_SERVICE_URL"] = urls.User.ToString(),
        ["ZALOPAY_APP_ID"] = settings.ZaloPayAppId,
        ["ZALOPAY_KEY2"] = settings.ZaloPayKey2,
        ["PAYOS_CHECKSUM_KEY"] = settings.PayOsChecksumKey,
        ["TICKET_TOKEN_KEY"] = settings.TicketTokenKey,
        ["TICKETS_BUCKET"] = TicketsBucket,
        ["S3_SERVICE_URL"] = s3Url.ToString(),
        ["EMAIL_SENDS_TABLE"] = EmailSendsTable,
        // No storefront runs locally yet: the order page link points at the Gateway.
        ["STOREFRONT_URL"] = urls.Gateway.GetLeftPart(UriPartial.Authority),
        ["DYNAMODB_SERVICE_URL"] = dynamoDbUrl.ToString(),
        ["SMTP_HOST"] = "127.0.0.1",
        ["SMTP_PORT"] = settings.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SMTP_SECURITY"] = "None",
        ["SMTP_USERNAME"] = "",
        ["SMTP_PASSWORD"] = "",
        ["MAIL_FROM"] = "tickets@ticketbottle.local",
        // No collector locally: spans go to TRACE_DIRECTORY when the platform runs with one.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
    };

    private ServiceConfiguration Common() =>
        new ServiceConfiguration().Set(ServiceDefaultsExtensions.LogLevelSetting, Settings.LogLevel).TrustLocalCallers();
}
