using Dapper;
using Npgsql;
using TicketBottle.Payment.Providers;

namespace TicketBottle.Payment;

/// <summary>An intent locked (SELECT … FOR UPDATE) while its checkout is created; disposing without Commit rolls back.</summary>
public sealed class CheckoutLock(NpgsqlConnection connection, NpgsqlTransaction transaction, PaymentIntentRecord intent, string intentColumns)
    : IAsyncDisposable
{
    public PaymentIntentRecord Intent { get; private set; } = intent;

    /// <summary>
    /// PayOS already has an order under the intent's code (an earlier attempt's answer was lost and that order was
    /// cancelled): the intent takes a fresh code, so the new checkout is the only one that can take money.
    /// </summary>
    public async Task TakeNewPayOsOrderCodeAsync(CancellationToken cancellationToken) =>
        Intent = await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             UPDATE payment_intents SET provider_order_ref = nextval('payos_order_code_seq')::text
             WHERE payment_id = @PaymentId
             RETURNING {intentColumns}
             """,
            new { Intent.PaymentId }, transaction, cancellationToken: cancellationToken));

    public async Task<PaymentIntentRecord> SaveAsync(Checkout checkout, CancellationToken cancellationToken)
    {
        Intent = await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             UPDATE payment_intents SET checkout_url = @CheckoutUrl, qr_code = @QrCode, provider_checkout_id = @ProviderCheckoutId
             WHERE payment_id = @PaymentId
             RETURNING {intentColumns}
             """,
            new { checkout.CheckoutUrl, checkout.QrCode, checkout.ProviderCheckoutId, Intent.PaymentId }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return Intent;
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
