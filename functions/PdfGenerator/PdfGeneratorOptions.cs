using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Serilog;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Functions.Tickets;
using TicketBottle.Logging;

namespace TicketBottle.Functions.PdfGenerator;

public sealed record PdfGeneratorOptions
{
    public required string OrderServiceUrl { get; init; }
    public required TicketStoreOptions Store { get; init; }
    /// <summary>HMAC key of the ticket tokens in the QR codes (the gate scanners hold it too).</summary>
    public required string TicketTokenKey { get; init; }
    public TimeSpan OrderDeadline { get; init; } = TimeSpan.FromSeconds(3);

    public static PdfGeneratorOptions FromEnvironment() => new()
    {
        OrderServiceUrl = Environment.GetEnvironmentVariable("ORDER_SERVICE_URL") ?? throw new InvalidOperationException("ORDER_SERVICE_URL is not set."),
        Store = TicketStoreOptions.FromEnvironment(),
        TicketTokenKey = Environment.GetEnvironmentVariable("TICKET_TOKEN_KEY") ?? throw new InvalidOperationException("TICKET_TOKEN_KEY is not set."),
    };
}
