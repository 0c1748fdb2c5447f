using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Order;

/// <summary>
/// The purchase saga as an event-driven state machine over the order document:
/// PENDING --hold + payment intent with its checkout--> AWAITING_PAYMENT --payment.succeeded + ConfirmHold--> CONFIRMED;
/// free seats (total 0) go PENDING → CONFIRMED with no provider; hold refused → CANCELLED (hold_failed); no checkout
/// → release → CANCELLED (checkout_unavailable: provider down; checkout_refused: it said no); payment.failed → release → CANCELLED
/// (payment_failed) or EXPIRED (expired); deadline passed → Payment settles (a paid order confirms instead) → release →
/// EXPIRED (payment_timeout). Money for an order that ended is refunded by Payment (CancelPayment). Every step is idempotent downstream (holds by order id,
/// intents by order and provider) and every transition is conditional, so retries and redeliveries are harmless.
/// </summary>
public sealed class OrderSaga(
    IOrderStore store,
    OutboxPublisher events,
    WaitroomService.WaitroomServiceClient waitroom,
    InventoryService.InventoryServiceClient inventory,
    PaymentService.PaymentServiceClient payments,
    EventService.EventServiceClient catalog,
    ShortSections shortSections,
    IOptions<OrderOptions> options,
    TimeProvider clock,
    ILogger<OrderSaga> logger)
{
    private const int MaxConflictRetries = 5;
    private const string AnotherPurchaseOpenReason = "another_purchase_open";
    private const string TicketLimitReason = "ticket_limit";
    private const string CheckoutUnavailableReason = "checkout_unavailable";
    private const string CheckoutRefusedReason = "checkout_refused";

    public static string OrderIdFor(string customerId, string idempotencyKey)
    {
        // One order per customer and key, whichever pod the retry lands on.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{customerId}\n{idempotencyKey}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public async Task<OrderDocument> PlaceAsync(PlaceOrderCommand command, CancellationToken cancellationToken)
    {
        var orderId = OrderIdFor(command.Customer.CustomerId, command.IdempotencyKey);
        // A retry of an order that exists needs no admission: it was checked when the order was made, and a confirmed
        // order has completed (ended) it.
        var order = await store.GetAsync(orderId, cancellationToken);
        if (order is null)
        {
            var admission = waitroom.ValidateAdmissionAsync(
                new ValidateAdmissionRequest { AdmissionToken = command.AdmissionToken, EventId = command.EventId }, Call(cancellationToken)).ResponseAsync;
            if (command.Seats is { SeatIds.Count: 0 } wanted && shortSections.IsShortOf(command.EventId, wanted.SectionId, wanted.Quantity))
            {
                EnsureAdmitted(await admission, command.Customer);
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Fewer than {wanted.Quantity} seats free in section {wanted.SectionId} right now."));
            }

            // The admission, the event and the customer's open purchase are independent reads: asked at once, a new
            // order waits for the slowest instead of their sum (every hop is slow while an on-sale fills the cores).
            // Their answers are judged in the order they always were, so a bad token is told so whatever else failed.
            var published = catalog.GetEventAsync(new EventRef { EventId = command.EventId }, Call(cancellationToken)).ResponseAsync;
            // The cheap, common refusal before anything is stored; the reservation below is the one that counts.
            var openPurchase = OpenPurchaseOtherThanAsync(command.EventId, command.Customer.CustomerId, orderId, cancellationToken);
            await Task.WhenAll(admission, published, openPurchase).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            EnsureAdmitted(await admission, command.Customer);
            if (await openPurchase is { } openOrderId)
            {
                throw AnotherPurchaseOpen(openOrderId);
            }

            var created = NewOrder(orderId, command, await published);
            if (await store.TryCreateAsync(created, cancellationToken))
            {
                OrderMetrics.Entered(OrderStatus.Pending);
                order = created;
            }
            else
            {
                order = await store.GetAsync(orderId, cancellationToken);
            }
            if (order == created)
            {
                logger.LogInformation("Order {OrderId} placed by {CustomerId} for event {EventId}", orderId, command.Customer.CustomerId, command.EventId);
            }
        }

        if (order!.Event.EventId != command.EventId)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "This idempotency key was already used for another event."));
        }

        if (order is { State: OrderStatus.Cancelled, EndReason: "hold_failed" })
        {
            // A retry gets the answer the first attempt got (or would have, had it not timed out on the way back).
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "The seats were not available for this order."));
        }

        if (order is { State: OrderStatus.Cancelled, EndReason: AnotherPurchaseOpenReason or TicketLimitReason })
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                "This order was refused (another purchase was open, or it went over the ticket limit); place a new one."));
        }

        if (order is { State: OrderStatus.Cancelled, EndReason: CheckoutUnavailableReason or CheckoutRefusedReason })
        {
            // Ended for good: a retry with the same key (the Gateway's client retries UNAVAILABLE by itself) is told to
            // place a new order, with a 409 that clients do not retry.
            throw NoCheckout(refused: true, "the payment provider could not take it");
        }

        if (order.State != OrderStatus.Pending)
        {
            return order;
        }

        await ReservePurchaseAsync(order, cancellationToken);
        return await ContinuePlacementAsync(order, cancellationToken);
    }

    public async Task OnPaymentSucceededAsync(string orderId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var order = await store.GetAsync(orderId, cancellationToken);
            switch (order?.State)
            {
                case null:
                    logger.LogWarning("payment.succeeded for unknown order {OrderId}; ignored", orderId);
                    return;
                case OrderStatus.Pending:
                    throw new SagaNotReadyException($"Order {orderId} is still being placed");
                case OrderStatus.Confirmed:
                    return;
                case OrderStatus.Cancelled or OrderStatus.Expired:
                    logger.LogError("Payment succeeded for order {OrderId} which already ended ({State}, {Reason}); refunding it",
                        orderId, order.State, order.EndReason);
                    await CancelPaymentAsync(order, cancellationToken);
                    return;
            }

            try
            {
                await inventory.ConfirmHoldAsync(new HoldRef { HoldId = order.HoldId }, Call(cancellationToken));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                logger.LogError("Payment succeeded for order {OrderId} but its hold {HoldId} had ended ({Detail}); the customer needs a refund",
                    orderId, order.HoldId, ex.Status.Detail);
                if (await TryEndAsync(order, OrderStatus.Cancelled, "hold_expired", cancellationToken))
                {
                    await CancelPaymentAsync(order, cancellationToken);
                    return;
                }

                continue;
            }

            var confirmed = Next(order) with { State = OrderStatus.Confirmed, Deadline = null };
            var confirmedEvent = OrderIntegrationEvents.Confirmed(confirmed);
            if (await store.TryTransitionAsync(order, confirmed, confirmedEvent, cancellationToken))
            {
                logger.LogInformation("Order {OrderId} confirmed: {TicketCount} tickets, {TotalVnd} VND", orderId, confirmed.Tickets.Count, confirmed.TotalVnd);
                OrderMetrics.Entered(OrderStatus.Confirmed);
                await events.TryPublishAsync(confirmedEvent, cancellationToken);
                await ClosePurchaseAsync(confirmed, cancellationToken);
                await CompleteAdmissionAsync(confirmed, cancellationToken);
                return;
            }
        }

        throw new SagaNotReadyException($"Order {orderId} kept changing while confirming");
    }

    public async Task OnPaymentFailedAsync(string orderId, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var order = await store.GetAsync(orderId, cancellationToken);
            switch (order?.State)
            {
                case null:
                    logger.LogWarning("payment.failed for unknown order {OrderId}; ignored", orderId);
                    return;
                case OrderStatus.Pending:
                    throw new SagaNotReadyException($"Order {orderId} is still being placed");
                case OrderStatus.AwaitingPayment:
                    var expired = reason == "expired";
                    if (await ReleaseAndEndAsync(order, expired ? OrderStatus.Expired : OrderStatus.Cancelled,
                            expired ? "payment_timeout" : "payment_failed", cancellationToken))
                    {
                        return;
                    }

                    continue;
                default:
                    return;
            }
        }

        throw new SagaNotReadyException($"Order {orderId} kept changing while cancelling");
    }

    /// <summary>Expires open orders past their deadline; returns how many this call ended.</summary>
    public async Task<int> ExpireOverdueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        foreach (var orderId in await store.FindOverdueAsync(now, batchSize, cancellationToken))
        {
            var order = await store.GetAsync(orderId, cancellationToken);
            if (order is not { IsOpen: true } || order.Deadline > now)
            {
                continue;
            }

            if (order.State == OrderStatus.AwaitingPayment && !await PaymentLapsedAsync(order, cancellationToken))
            {
                continue;
            }

            // A PENDING order has no hold id on record; its hold, if one was made, lapses by its own expiry in Inventory.
            var ended = order.State == OrderStatus.Pending
                ? await TryEndAsync(order, OrderStatus.Expired, "placement_incomplete", cancellationToken)
                : await ReleaseAndEndAsync(order, OrderStatus.Expired, "payment_timeout", cancellationToken);
            if (ended)
            {
                expired++;
                if (order.State == OrderStatus.Pending)
                {
                    // Cut short after its checkout may have been made: close it so nobody pays for an order that ended.
                    await CancelPaymentAsync(order with { EndReason = "placement_incomplete" }, cancellationToken);
                }
            }
        }

        return expired;
    }

    /// <summary>
    /// Asks Payment to settle the overdue order's payment (it asks the provider about a lost callback first). True when
    /// it lapsed and the seats may go back; a payment that succeeded confirms the order instead; unsure means not now.
    /// </summary>
    private async Task<bool> PaymentLapsedAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        PaymentIntent payment;
        try
        {
            payment = await payments.SettleOverdueIntentAsync(new SettleOverdueIntentRequest { OrderId = order.OrderId }, Call(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return true;
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Not expiring order {OrderId} yet: Payment could not settle its payment ({Status})", order.OrderId, ex.Status);
            return false;
        }

        switch (payment.Status)
        {
            case PaymentStatus.Succeeded:
                logger.LogWarning("Overdue order {OrderId} was paid ({Provider} {ProviderTransactionId}); confirming it instead of expiring it",
                    order.OrderId, order.Provider, payment.ProviderTransactionId);
                await OnPaymentSucceededAsync(order.OrderId, cancellationToken);
                return false;
            case PaymentStatus.Pending:
                return false;
            default:
                return true;
        }
    }

    /// <summary>The order ended without its payment: Payment cancels the checkout, or refunds money that came anyway.</summary>
    private async Task CancelPaymentAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        try
        {
            await payments.CancelPaymentAsync(new CancelPaymentRequest { OrderId = order.OrderId, Reason = order.EndReason ?? "" },
                Call(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
        }
        catch (RpcException ex)
        {
            // Money that still arrives comes back through payment.succeeded to an ended order, which asks again.
            logger.LogWarning("Could not cancel the payment of ended order {OrderId}: {Status}", order.OrderId, ex.Status);
        }
    }

    private static void EnsureAdmitted(ValidateAdmissionResponse admission, CustomerInfo customer)
    {
        if (admission.CustomerId != customer.CustomerId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The admission token belongs to another customer."));
        }
    }

    private OrderDocument NewOrder(string orderId, PlaceOrderCommand command, Event published)
    {
        if (published.Status != EventStatus.Published)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Event {command.EventId} not found."));
        }

        var now = clock.GetUtcNow();
        return new OrderDocument
        {
            OrderId = orderId,
            State = OrderStatus.Pending,
            Version = 1,
            IdempotencyKey = command.IdempotencyKey,
            Customer = command.Customer,
            Event = new EventInfo(published.EventId, published.Name, published.Venue.Name, published.Venue.Address,
                published.StartsAt.ToDateTimeOffset(), published.Venue.TimeZone, published.MaxTicketsPerCustomer),
            Request = command.Seats,
            Provider = command.Provider,
            CreatedAt = now,
            UpdatedAt = now,
            Deadline = now + options.Value.PendingTimeout,
        };
    }

    private async Task<OrderDocument> ContinuePlacementAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        Hold hold;
        try
        {
            hold = await inventory.HoldSeatsAsync(HoldRequest(order), Call(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            logger.LogInformation("Order {OrderId} could not hold seats: {Detail}", order.OrderId, ex.Status.Detail);
            if (ex.StatusCode == StatusCode.FailedPrecondition && order.Request.SeatIds.Count == 0)
            {
                shortSections.Refused(order.Event.EventId, order.Request.SectionId, order.Request.Quantity);
            }

            await TryEndAsync(order, OrderStatus.Cancelled, "hold_failed", cancellationToken);
            throw;
        }

        if (hold.TotalVnd == 0)
        {
            return await ConfirmFreeAsync(order, hold, cancellationToken);
        }

        var tickets = TicketsOf(order, hold);
        PaymentIntent intent;
        try
        {
            intent = await payments.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
            {
                OrderId = order.OrderId,
                AmountVnd = hold.TotalVnd,
                Provider = order.Provider == "zalopay" ? PaymentProvider.Zalopay : PaymentProvider.Payos,
                Description = $"TicketBottle {order.Event.Name}: {hold.Seats.Count} ticket(s)",
                Items =
                {
                    tickets.GroupBy(t => (t.SectionName, t.PriceVnd)).Select(g => new CheckoutItem
                    {
                        Name = $"{order.Event.Name} – {g.Key.SectionName}", Quantity = g.Count(), PriceVnd = g.Key.PriceVnd,
                    }),
                },
                BuyerName = order.Customer.FullName,
                BuyerEmail = order.Customer.Email,
            }, Call(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Cancelled)
        {
            // No checkout, so nobody can pay: the seats go back now instead of when the hold lapses.
            logger.LogWarning("Order {OrderId} got no checkout ({Status}); giving its seats back", order.OrderId, ex.Status);
            var refused = ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument;
            var reason = refused ? CheckoutRefusedReason : CheckoutUnavailableReason;
            await TryReleaseAsync(hold.HoldId, cancellationToken);
            if (await TryEndAsync(order, OrderStatus.Cancelled, reason, cancellationToken))
            {
                await CancelPaymentAsync(order with { EndReason = reason }, cancellationToken);
            }

            throw NoCheckout(refused, ex.Status.Detail);
        }

        var payBy = intent.ExpiresAt.ToDateTimeOffset();
        var deadline = payBy + options.Value.PaymentGrace;
        if (hold.ExpiresAt.ToDateTimeOffset() < deadline)
        {
            logger.LogWarning("Hold {HoldId} of order {OrderId} ends at {HoldExpiresAt}, before the payment deadline {Deadline}; " +
                "raise Order:HoldLifetime above Payment:IntentLifetime + Order:PaymentGrace", hold.HoldId, order.OrderId, hold.ExpiresAt, deadline);
        }

        var awaiting = Next(order) with
        {
            State = OrderStatus.AwaitingPayment,
            HoldId = hold.HoldId,
            Tickets = tickets,
            TotalVnd = hold.TotalVnd,
            Payment = new PaymentInfo(intent.PaymentId, order.Provider, intent.ProviderOrderRef, payBy, NullIfEmpty(intent.CheckoutUrl),
                NullIfEmpty(intent.QrCode)),
            Deadline = deadline,
        };
        if (await store.TryTransitionAsync(order, awaiting, null, cancellationToken))
        {
            logger.LogInformation("Order {OrderId} awaits payment of {TotalVnd} VND ({Provider} {ProviderOrderRef}) until {PayBy}",
                order.OrderId, awaiting.TotalVnd, order.Provider, intent.ProviderOrderRef, payBy);
            return awaiting;
        }

        // A concurrent retry of the same request got there first; it made the same hold and intent.
        return (await store.GetAsync(order.OrderId, cancellationToken))!;
    }

    /// <summary>Free seats (a zero total) need no provider: the seats are sold and the order confirmed at once.</summary>
    private async Task<OrderDocument> ConfirmFreeAsync(OrderDocument order, Hold hold, CancellationToken cancellationToken)
    {
        await inventory.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId }, Call(cancellationToken));
        var confirmed = Next(order) with
        {
            State = OrderStatus.Confirmed, HoldId = hold.HoldId, Tickets = TicketsOf(order, hold), TotalVnd = 0, Deadline = null,
        };
        var confirmedEvent = OrderIntegrationEvents.Confirmed(confirmed);
        if (!await store.TryTransitionAsync(order, confirmed, confirmedEvent, cancellationToken))
        {
            return (await store.GetAsync(order.OrderId, cancellationToken))!;
        }

        logger.LogInformation("Order {OrderId} confirmed without payment: {TicketCount} free tickets", order.OrderId, confirmed.Tickets.Count);
        OrderMetrics.Entered(OrderStatus.Confirmed, "free");
        await events.TryPublishAsync(confirmedEvent, cancellationToken);
        await ClosePurchaseAsync(confirmed, cancellationToken);
        await CompleteAdmissionAsync(confirmed, cancellationToken);
        return confirmed;
    }

    private static List<TicketLine> TicketsOf(OrderDocument order, Hold hold) =>
        hold.Seats.Select((seat, i) => new TicketLine($"{order.OrderId}-{i + 1:D2}", seat.SeatId, seat.SectionName, seat.Row,
            seat.Number, seat.PriceVnd)).ToList();

    private async Task TryReleaseAsync(string holdId, CancellationToken cancellationToken)
    {
        try
        {
            await inventory.ReleaseHoldAsync(new HoldRef { HoldId = holdId }, Call(cancellationToken));
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Could not release hold {HoldId} ({Status}); it lapses at its expiry", holdId, ex.Status);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private HoldSeatsRequest HoldRequest(OrderDocument order)
    {
        var request = new HoldSeatsRequest
        {
            EventId = order.Event.EventId,
            OrderId = order.OrderId,
            TtlSeconds = (int)options.Value.HoldLifetime.TotalSeconds,
        };
        if (order.Request.SeatIds.Count > 0)
        {
            request.SeatIds = new SeatIds { Ids = { order.Request.SeatIds } };
        }
        else
        {
            request.SectionQuantity = new Contracts.Inventory.V1.SectionQuantity
            {
                SectionId = order.Request.SectionId,
                Quantity = order.Request.Quantity,
            };
        }

        return request;
    }

    /// <summary>False when the order moved meanwhile (re-read and decide again) or its seats were sold after all.</summary>
    private async Task<bool> ReleaseAndEndAsync(OrderDocument order, OrderStatus state, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await inventory.ReleaseHoldAsync(new HoldRef { HoldId = order.HoldId }, Call(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // Sold: a payment confirmation is in flight and will move the order to CONFIRMED.
            logger.LogWarning("Not ending order {OrderId} ({Reason}): its hold is already sold", order.OrderId, reason);
            return false;
        }

        return await TryEndAsync(order, state, reason, cancellationToken);
    }

    private async Task<bool> TryEndAsync(OrderDocument order, OrderStatus state, string reason, CancellationToken cancellationToken)
    {
        var ended = Next(order) with { State = state, EndReason = reason, Deadline = null };
        var cancelledEvent = OrderIntegrationEvents.Cancelled(ended);
        if (!await store.TryTransitionAsync(order, ended, cancelledEvent, cancellationToken))
        {
            return false;
        }

        logger.LogInformation("Order {OrderId} {State} ({Reason}); hold {HoldId}", order.OrderId, state, reason, order.HoldId ?? "none");
        OrderMetrics.Entered(state, reason);
        await events.TryPublishAsync(cancelledEvent, cancellationToken);
        await ClosePurchaseAsync(ended, cancellationToken);
        return true;
    }

    /// <summary>
    /// One open purchase per customer and event (an admission buys one at a time), and no more tickets than the event
    /// allows per customer across all its open and confirmed orders. A refused order ends as CANCELLED.
    /// </summary>
    private async Task ReservePurchaseAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        var (eventId, customerId) = (order.Event.EventId, order.Customer.CustomerId);
        var tickets = order.Request.SeatIds.Count > 0 ? order.Request.SeatIds.Count : order.Request.Quantity;
        var limit = order.Event.MaxTicketsPerCustomer;
        PurchaseAllowance? allowance = null;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            if (await store.TryReservePurchaseAsync(eventId, customerId, order.OrderId, tickets, limit, cancellationToken))
            {
                return;
            }

            allowance = await store.GetPurchaseAllowanceAsync(eventId, customerId, cancellationToken);
            if (tickets > limit || !await CloseEndedPurchasesAsync(eventId, customerId, allowance, order.OrderId, cancellationToken))
            {
                break;
            }
        }

        if (allowance?.OpenOrderId is { } openOrderId && openOrderId != order.OrderId)
        {
            await TryEndAsync(order, OrderStatus.Cancelled, AnotherPurchaseOpenReason, cancellationToken);
            throw AnotherPurchaseOpen(openOrderId);
        }

        await TryEndAsync(order, OrderStatus.Cancelled, TicketLimitReason, cancellationToken);
        throw new RpcException(new Status(StatusCode.FailedPrecondition,
            $"At most {limit} tickets per customer for this event: you hold {allowance?.Tickets ?? 0} and asked for {tickets}."));
    }

    /// <summary>The customer's open purchase for the event if it is another order and really still open.</summary>
    private async Task<string?> OpenPurchaseOtherThanAsync(string eventId, string customerId, string orderId, CancellationToken cancellationToken)
    {
        var allowance = await store.GetPurchaseAllowanceAsync(eventId, customerId, cancellationToken);
        if (allowance?.OpenOrderId is not { } openOrderId || openOrderId == orderId)
        {
            return null;
        }

        await CloseEndedPurchasesAsync(eventId, customerId, allowance, orderId, cancellationToken);
        return (await store.GetAsync(openOrderId, cancellationToken))?.IsOpen == true ? openOrderId : null;
    }

    /// <summary>
    /// Settles what a crash between an order's last transition and its <see cref="ClosePurchaseAsync"/> left behind:
    /// orders counted or marked open that are no longer open. True when it changed anything (worth trying again).
    /// </summary>
    private async Task<bool> CloseEndedPurchasesAsync(string eventId, string customerId, PurchaseAllowance? allowance, string exceptOrderId,
        CancellationToken cancellationToken)
    {
        var closed = false;
        var counted = allowance?.TicketsByOrder.Keys ?? [];
        foreach (var orderId in counted.Append(allowance?.OpenOrderId).OfType<string>().Distinct().Where(id => id != exceptOrderId))
        {
            var other = await store.GetAsync(orderId, cancellationToken);
            if (other is { IsOpen: true } || (other?.State == OrderStatus.Confirmed && allowance?.OpenOrderId != orderId))
            {
                continue;
            }

            logger.LogWarning("Closing the purchase of order {OrderId} ({State}) that was left counted", orderId, other?.State.ToString() ?? "missing");
            await store.ClosePurchaseAsync(eventId, customerId, orderId, keepTickets: other?.State == OrderStatus.Confirmed, cancellationToken);
            closed = true;
        }

        return closed;
    }

    /// <summary>If this fails the next placement of the customer for the event repairs it (<see cref="CloseEndedPurchasesAsync"/>).</summary>
    private async Task ClosePurchaseAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        try
        {
            await store.ClosePurchaseAsync(order.Event.EventId, order.Customer.CustomerId, order.OrderId,
                keepTickets: order.State == OrderStatus.Confirmed, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not close the purchase of order {OrderId}; the customer's next placement for the event will", order.OrderId);
        }
    }

    private static RpcException NoCheckout(bool refused, string detail) =>
        new(new Status(refused ? StatusCode.FailedPrecondition : StatusCode.Unavailable,
            $"No payment could be set up for this order ({detail}); no seats were kept. Place it again as a new order."));

    private static RpcException AnotherPurchaseOpen(string openOrderId) =>
        new(new Status(StatusCode.AlreadyExists, $"Your order {openOrderId} for this event is still open: pay for it or let it lapse first."),
            new Metadata { { RefusalTrailers.OpenOrderId, openOrderId } });

    /// <summary>Frees the buyer's place under the waitroom's max_admitted now; if this fails the admission lapses at its expiry.</summary>
    private async Task CompleteAdmissionAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        try
        {
            await waitroom.CompleteAdmissionAsync(new CustomerRef { EventId = order.Event.EventId, CustomerId = order.Customer.CustomerId },
                Call(cancellationToken));
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Could not complete the waitroom admission of {CustomerId} for order {OrderId}: {Status}",
                order.Customer.CustomerId, order.OrderId, ex.Status);
        }
    }

    private OrderDocument Next(OrderDocument order) => order with { Version = order.Version + 1, UpdatedAt = clock.GetUtcNow() };

    // Deadlines come from the client registration (Services:CallTimeout): wall-clock network timeouts, independent of
    // the (testable) business clock.
    private static CallOptions Call(CancellationToken cancellationToken) => new(cancellationToken: cancellationToken);
}
