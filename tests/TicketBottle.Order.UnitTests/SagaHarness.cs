using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace TicketBottle.Order.UnitTests;

/// <summary>The saga wired to the in-memory store and fake downstream services, on a clock the test moves.</summary>
public sealed class SagaHarness
{
    public SagaHarness()
    {
        Inventory = new FakeInventory(Clock);
        Payments = new FakePayments(Clock);
        Outbox = new OutboxPublisher(Store, Publisher, NullLogger<OutboxPublisher>.Instance);
        Saga = new OrderSaga(Store, Outbox, Waitroom, Inventory, Payments, Catalog, new ShortSections(Clock), Options.Create(Settings), Clock,
            NullLogger<OrderSaga>.Instance);
        Relay = new OutboxRelay(Store, Outbox, Options.Create(Settings), Clock, NullLogger<OutboxRelay>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    public OrderOptions Settings { get; } = new();
    public InMemoryOrderStore Store { get; } = new();
    public RecordingPublisher Publisher { get; } = new();
    public FakeWaitroom Waitroom { get; } = new();
    public FakeCatalog Catalog { get; } = new();
    public FakeInventory Inventory { get; }
    public FakePayments Payments { get; }
    public OutboxPublisher Outbox { get; }
    public OrderSaga Saga { get; }
    public OutboxRelay Relay { get; }

    public Task<OrderDocument> PlaceAsync(string customerId = "c-1", string key = "k-1", int quantity = 2) =>
        Saga.PlaceAsync(new PlaceOrderCommand(key, new CustomerInfo(customerId, $"{customerId}@example.vn", "Nguyễn Văn Khách"),
            FakeCatalog.EventId, FakeWaitroom.TokenFor(customerId), new SeatRequest([], "A", quantity), "payos"), CancellationToken.None);

    public async Task<OrderDocument> OrderAsync(string orderId) => (await Store.GetAsync(orderId, CancellationToken.None))!;

    public IReadOnlyList<string> PublishedTypes => Publisher.Published.Select(p => p.Event.Type).ToList();
}
