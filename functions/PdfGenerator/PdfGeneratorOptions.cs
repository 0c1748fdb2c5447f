using TicketBottle.Functions.Common;
using TicketBottle.Functions.Tickets;

namespace TicketBottle.Functions.PdfGenerator;

public sealed record PdfGeneratorOptions
{
    /// <summary>This function's service identity key (<see cref="CoreServiceChannels"/>).</summary>
    public required string ServiceIdentityKey { get; init; }
    public required string OrderServiceUrl { get; init; }
    public required TicketStoreOptions Store { get; init; }
    /// <summary>HMAC key of the ticket tokens in the QR codes (the gate scanners hold it too).</summary>
    public required string TicketTokenKey { get; init; }
    public TimeSpan OrderDeadline { get; init; } = TimeSpan.FromSeconds(3);

    public static PdfGeneratorOptions FromEnvironment() => new()
    {
        ServiceIdentityKey = FunctionEnvironment.Required(CoreServiceChannels.KeyVariable),
        OrderServiceUrl = FunctionEnvironment.Required("ORDER_SERVICE_URL"),
        Store = TicketStoreOptions.FromEnvironment(),
        // Required, so never empty: an empty HMAC key would make QR tokens forgeable.
        TicketTokenKey = FunctionEnvironment.Required("TICKET_TOKEN_KEY"),
    };
}
