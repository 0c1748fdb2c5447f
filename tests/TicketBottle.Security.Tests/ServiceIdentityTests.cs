using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.LocalInfrastructure;
using TicketBottle.Gateway.Api;
using TicketBottle.ServiceIdentity;
using Customer = TicketBottle.PlatformTesting.Customer;

namespace TicketBottle.Security.Tests;

/// <summary>
/// A pod or a function that reaches a core service still needs an identity the caller policy allows for the method:
/// free tickets (ConfirmPayment) and customers' personal data (GetOrder) are the prizes tried here.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceIdentityTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Confirming_a_payment_without_an_identity_or_as_the_wrong_workload_is_refused_and_the_payment_stays_pending()
    {
        var order = await AnOrderAwaitingPaymentAsync();
        using var channel = GrpcChannel.ForAddress(fixture.Platform.ServiceUrl("payment"));
        var confirm = Confirm(order);

        var anonymous = await RefusalAsync(() => new PaymentService.PaymentServiceClient(channel).ConfirmPaymentAsync(confirm).ResponseAsync);
        var asGateway = await RefusalAsync(() => new PaymentService.PaymentServiceClient(channel.As(Callers.Gateway)).ConfirmPaymentAsync(confirm).ResponseAsync);
        var asCleanup = await RefusalAsync(() => new PaymentService.PaymentServiceClient(channel.As(Callers.Cleanup)).ConfirmPaymentAsync(confirm).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.PermissionDenied, StatusCode.PermissionDenied),
            (anonymous, asGateway, asCleanup));
        var payment = await new PaymentService.PaymentServiceClient(channel.AsPermittedCaller())
            .GetPaymentAsync(new GetPaymentRequest { OrderId = order.OrderId });
        Assert.Equal(PaymentStatus.Pending, payment.Status);
    }

    [Theory]
    [InlineData(Callers.Cleanup)]
    [InlineData(Callers.PaymentWebhooks)]
    [InlineData(Callers.Event)]
    public async Task Only_the_gateway_and_the_ticket_functions_read_an_order(string caller)
    {
        var order = await AnOrderAwaitingPaymentAsync();
        using var channel = GrpcChannel.ForAddress(fixture.Platform.ServiceUrl("order"));

        var refused = await RefusalAsync(() =>
            new OrderService.OrderServiceClient(channel.As(caller)).GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId }).ResponseAsync);
        var emailSender = await new OrderService.OrderServiceClient(channel.As(Callers.EmailSender))
            .GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });

        Assert.Equal(StatusCode.PermissionDenied, refused);
        Assert.Equal(order.OrderId, emailSender.OrderId);
    }

    public static TheoryData<string> ForgedTokens() => ["signed by a key nobody trusts", "one caller's key, another's name",
        "meant for another service", "expired", "not a token"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task A_forged_service_token_is_unauthenticated(string forgery)
    {
        using var channel = GrpcChannel.ForAddress(fixture.Platform.ServiceUrl("inventory"));
        var token = forgery switch
        {
            "signed by a key nobody trusts" => Sign(ECDsa.Create(ECCurve.NamedCurves.nistP256), Callers.Order, InventoryService.Descriptor.FullName),
            "one caller's key, another's name" => Sign(Key(Callers.Cleanup), Callers.Order, InventoryService.Descriptor.FullName, kid: Callers.Cleanup),
            "meant for another service" => Sign(Key(Callers.Order), Callers.Order, PaymentService.Descriptor.FullName),
            "expired" => Sign(Key(Callers.Order), Callers.Order, InventoryService.Descriptor.FullName, expires: DateTime.UtcNow.AddMinutes(-5)),
            _ => "not-a-token",
        };
        var client = new InventoryService.InventoryServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));

        var refused = await RefusalAsync(() => client.HoldSeatsAsync(new HoldSeatsRequest
        {
            EventId = fixture.EventId, OrderId = $"forged-{Guid.NewGuid():N}", TtlSeconds = 600,
            SectionQuantity = new TicketBottle.Contracts.Inventory.V1.SectionQuantity { SectionId = "GA", Quantity = 2 },
        }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refused);
    }

    [Fact]
    public void Every_method_of_every_core_service_has_an_entry_in_the_caller_policy()
    {
        var methods = new[]
        {
            TicketBottle.Contracts.User.V1.UserService.Descriptor, TicketBottle.Contracts.Event.V1.EventService.Descriptor,
            InventoryService.Descriptor, OrderService.Descriptor, PaymentService.Descriptor, TicketBottle.Contracts.Waitroom.V1.WaitroomService.Descriptor,
        }.SelectMany(service => service.Methods.Select(m => $"/{service.FullName}/{m.Name}")).Order().ToList();

        Assert.Equal(methods, CallerPolicy.Methods.Order());
        Assert.All(methods, m => Assert.NotEmpty(CallerPolicy.CallersOf(m)));
    }

    private async Task<OrderDto> AnOrderAwaitingPaymentAsync()
    {
        var (customer, admission) = await fixture.AdmittedCustomerAsync("Khách Thật");
        using var _ = customer;
        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "identity", new { sectionId = "GA", quantity = 1 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return await Customer.OrderFromAsync(placed);
    }

    private static ConfirmPaymentRequest Confirm(OrderDto order) => new()
    {
        Provider = PaymentProvider.Payos, ProviderOrderRef = order.Payment!.ProviderOrderRef, ProviderTransactionId = $"FT-free-{Guid.NewGuid():N}",
        AmountVnd = order.TotalVnd, Outcome = ProviderOutcome.Succeeded, RawPayload = "{}",
    };

    private static async Task<StatusCode> RefusalAsync(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

    private static ECDsa Key(string caller)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(LocalServiceIdentities.PrivateKeyPem(caller));
        return key;
    }

    private static string Sign(ECDsa key, string issuer, string audience, DateTime? expires = null, string? kid = null)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = audience, IssuedAt = until.AddMinutes(-10), NotBefore = until.AddMinutes(-10), Expires = until,
            Subject = new ClaimsIdentity([new Claim("sub", issuer)]),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid ?? issuer }, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
