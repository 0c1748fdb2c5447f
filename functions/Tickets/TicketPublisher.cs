using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.Tickets;

/// <summary>Renders an order's tickets and stores them under the order's key; what both ticket functions do.</summary>
public sealed class TicketPublisher(TicketPdfRenderer renderer, TicketStore store)
{
    public TicketStore Store => store;

    public async Task<byte[]> PublishAsync(Order order, CancellationToken cancellationToken)
    {
        var pdf = renderer.Render(order);
        await store.SaveAsync(order.OrderId, pdf, cancellationToken);
        return pdf;
    }

    /// <summary>Stores the PDF only when it isn't there yet (downloads after the first are one HEAD request).</summary>
    public async Task EnsurePublishedAsync(Order order, CancellationToken cancellationToken)
    {
        if (!await store.ExistsAsync(order.OrderId, cancellationToken))
        {
            await PublishAsync(order, cancellationToken);
        }
    }
}
