using System.Collections.Concurrent;
using Grpc.Core;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.TicketDelivery.Tests;

/// <summary>
/// A minimal Order service serving documents from memory over real gRPC — the stand-in the ticket issue allows until
/// the Order service (DynamoDB) lands.
/// </summary>
public sealed class InMemoryOrderService : OrderService.OrderServiceBase
{
    public ConcurrentDictionary<string, Order> Orders { get; } = new();

    public override Task<Order> GetOrder(GetOrderRequest request, ServerCallContext context) =>
        Orders.TryGetValue(request.OrderId, out var order)
            ? Task.FromResult(order)
            : throw new RpcException(new Status(StatusCode.NotFound, $"Order {request.OrderId} not found."));
}
