using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace TicketBottle.Order;

/// <summary>Maps documents to DynamoDB items and back. Index attributes are derived here so they never drift from the state.</summary>
public static class OrderItem
{
    public const string OpenIndex = "open-by-deadline";
    public const string OutboxIndex = "outbox-pending";
    public const string ConfirmedIndex = "confirmed-by-event";
    public const string CustomerIndex = "orders-by-customer";
    /// <summary>Index partitions are spread over a few shards so one hot key doesn't carry every open order.</summary>
    public const int IndexShards = 4;
    private const int DefaultMaxTicketsPerCustomer = 6;

    public static string Shard(string prefix, string orderId) =>
        $"{prefix}#{(orderId.Length == 0 ? 0 : orderId[^1] % IndexShards)}";

    public static Dictionary<string, AttributeValue> ToItem(OrderDocument order)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["order_id"] = S(order.OrderId),
            ["state"] = S(order.State.ToString()),
            ["version"] = N(order.Version),
            ["idempotency_key"] = S(order.IdempotencyKey),
            ["customer_id"] = S(order.Customer.CustomerId),
            ["customer_email"] = S(order.Customer.Email),
            ["customer_name"] = S(order.Customer.FullName),
            ["event"] = new()
            {
                M = new Dictionary<string, AttributeValue>
                {
                    ["event_id"] = S(order.Event.EventId),
                    ["name"] = S(order.Event.Name),
                    ["venue_name"] = S(order.Event.VenueName),
                    ["venue_address"] = S(order.Event.VenueAddress),
                    ["starts_at"] = N(order.Event.StartsAt.ToUnixTimeMilliseconds()),
                    ["time_zone"] = S(order.Event.TimeZone),
                    ["max_tickets_per_customer"] = N(order.Event.MaxTicketsPerCustomer),
                },
            },
            ["event_id"] = S(order.Event.EventId),
            ["request"] = new()
            {
                M = new Dictionary<string, AttributeValue>
                {
                    ["seat_ids"] = new() { L = order.Request.SeatIds.Select(S).ToList() },
                    ["section_id"] = S(order.Request.SectionId),
                    ["quantity"] = N(order.Request.Quantity),
                },
            },
            ["provider"] = S(order.Provider),
            ["tickets"] = new()
            {
                L = order.Tickets.Select(t => new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["ticket_id"] = S(t.TicketId),
                        ["seat_id"] = S(t.SeatId),
                        ["section_name"] = S(t.SectionName),
                        ["row"] = S(t.Row),
                        ["seat_number"] = N(t.SeatNumber),
                        ["price_vnd"] = N(t.PriceVnd),
                    },
                }).ToList(),
            },
            ["total_vnd"] = N(order.TotalVnd),
            ["created_at"] = N(order.CreatedAt.ToUnixTimeMilliseconds()),
            ["updated_at"] = N(order.UpdatedAt.ToUnixTimeMilliseconds()),
        };
        if (order.HoldId is not null)
        {
            item["hold_id"] = S(order.HoldId);
        }

        if (order.Payment is { } payment)
        {
            item["payment"] = new()
            {
                M = new Dictionary<string, AttributeValue>
                {
                    ["payment_id"] = S(payment.PaymentId),
                    ["provider"] = S(payment.Provider),
                    ["provider_order_ref"] = S(payment.ProviderOrderRef),
                    ["pay_by"] = N(payment.PayBy.ToUnixTimeMilliseconds()),
                },
            };
            if (payment.CheckoutUrl is not null)
            {
                item["payment"].M["checkout_url"] = S(payment.CheckoutUrl);
            }

            if (payment.QrCode is not null)
            {
                item["payment"].M["qr_code"] = S(payment.QrCode);
            }
        }

        if (order.EndReason is not null)
        {
            item["end_reason"] = S(order.EndReason);
        }

        // Sparse index: only open orders carry these, so the sweep reads nothing but candidates.
        if (order.IsOpen && order.Deadline is { } deadline)
        {
            item["open_shard"] = S(Shard("open", order.OrderId));
            item["deadline"] = N(deadline.ToUnixTimeMilliseconds());
        }

        // Sparse index: paid orders by event, for the gate's check-in list. An order that stops being paid drops out.
        if (order.State == OrderStatus.Confirmed)
        {
            item["confirmed_event"] = S(order.Event.EventId);
        }

        return item;
    }

    public static OrderDocument FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var eventMap = item["event"].M;
        var request = item["request"].M;
        var payment = item.GetValueOrDefault("payment")?.M;
        return new OrderDocument
        {
            OrderId = item["order_id"].S,
            State = Enum.Parse<OrderStatus>(item["state"].S),
            Version = Long(item["version"]),
            IdempotencyKey = item["idempotency_key"].S,
            Customer = new CustomerInfo(item["customer_id"].S, item["customer_email"].S, item["customer_name"].S),
            Event = new EventInfo(eventMap["event_id"].S, eventMap["name"].S, eventMap["venue_name"].S, eventMap["venue_address"].S,
                Time(eventMap["starts_at"]), eventMap["time_zone"].S,
                // Orders stored before the limit existed were placed under the default.
                eventMap.TryGetValue("max_tickets_per_customer", out var limit) ? (int)Long(limit) : DefaultMaxTicketsPerCustomer),
            Request = new SeatRequest(request["seat_ids"].L.Select(v => v.S).ToList(), request["section_id"].S, (int)Long(request["quantity"])),
            Provider = item["provider"].S,
            HoldId = item.GetValueOrDefault("hold_id")?.S,
            Tickets = item["tickets"].L.Select(v => v.M).Select(t => new TicketLine(t["ticket_id"].S, t["seat_id"].S,
                t["section_name"].S, t["row"].S, (int)Long(t["seat_number"]), Long(t["price_vnd"]))).ToList(),
            TotalVnd = Long(item["total_vnd"]),
            Payment = payment is null
                ? null
                : new PaymentInfo(payment["payment_id"].S, payment["provider"].S, payment["provider_order_ref"].S, Time(payment["pay_by"]),
                    payment.GetValueOrDefault("checkout_url")?.S, payment.GetValueOrDefault("qr_code")?.S),
            EndReason = item.GetValueOrDefault("end_reason")?.S,
            CreatedAt = Time(item["created_at"]),
            UpdatedAt = Time(item["updated_at"]),
            Deadline = item.TryGetValue("deadline", out var deadline) ? Time(deadline) : null,
        };
    }

    // DynamoDB rejects empty strings in key attributes only; empty values elsewhere are fine and keep the shape fixed.
    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static long Long(AttributeValue value) => long.Parse(value.N, CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(AttributeValue value) => DateTimeOffset.FromUnixTimeMilliseconds(Long(value));
}
