namespace TicketBottle.Order;

public sealed class TicketOptions
{
    public const string SectionName = "Tickets";

    /// <summary>
    /// The key the ticket QR tokens are signed with: the same secret the PDF and e-mail functions sign with
    /// (TICKET_TOKEN_KEY; "ticket_token_key" in Secrets Manager), so a gate can verify what they printed.
    /// </summary>
    public string TokenKey { get; set; } = "";
}
