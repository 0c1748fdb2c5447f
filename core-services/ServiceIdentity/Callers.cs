namespace TicketBottle.ServiceIdentity;

/// <summary>The workloads that call core services, each with its own key. A service that calls nobody has no identity.</summary>
public static class Callers
{
    public const string Gateway = "gateway";
    public const string Event = "event";
    public const string Order = "order";
    public const string PaymentWebhooks = "webhooks";
    public const string EmailSender = "emailsender";
    public const string PdfGenerator = "pdfgenerator";
    public const string Cleanup = "cleanup";
    public const string Analytics = "analytics";
    /// <summary>Organizers' and operators' tooling (the demo event locally; the organizer console later).</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Gateway, Event, Order, PaymentWebhooks, EmailSender, PdfGenerator, Cleanup, Analytics, Operator];
}
