using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBottle.Payment;

public sealed class PaymentRepository(NpgsqlDataSource dataSource, IOptions<PaymentOptions> options, TimeProvider clock)
{
    private const string IntentColumns =
        "payment_id AS PaymentId, order_id AS OrderId, provider AS Provider, provider_order_ref AS ProviderOrderRef, " +
        "amount_vnd AS AmountVnd, description AS Description, status AS Status, " +
        "provider_transaction_id AS ProviderTransactionId, failure_reason AS FailureReason, created_at AS CreatedAt, " +
        "expires_at AS ExpiresAt, completed_at AS CompletedAt";

    /// <summary>Creates the order's intent for the provider, or returns the one a previous attempt created.</summary>
    public async Task<PaymentIntentRecord> CreateOrGetIntentAsync(string orderId, string provider, long amountVnd,
        string description, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var paymentId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var created = await connection.QuerySingleOrDefaultAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             INSERT INTO payment_intents (payment_id, order_id, provider, provider_order_ref, amount_vnd, description, status, created_at, expires_at)
             VALUES (@PaymentId, @OrderId, @Provider, COALESCE(@Ref, nextval('payos_order_code_seq')::text), @AmountVnd,
                     @Description, 'PENDING', @Now, @ExpiresAt)
             ON CONFLICT (order_id, provider) DO NOTHING
             RETURNING {IntentColumns}
             """,
            new
            {
                PaymentId = paymentId,
                OrderId = orderId,
                Provider = provider,
                Ref = provider == Providers.ZaloPay ? ProviderOrderRefs.ZaloPay(paymentId, now) : null,
                AmountVnd = amountVnd,
                Description = description,
                Now = now,
                ExpiresAt = now + options.Value.IntentLifetime,
            },
            cancellationToken: cancellationToken));
        return created ?? await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
            $"SELECT {IntentColumns} FROM payment_intents WHERE order_id = @orderId AND provider = @provider",
            new { orderId, provider }, cancellationToken: cancellationToken));
    }

    public async Task<PaymentIntentRecord?> GetAsync(Guid? paymentId, string? orderId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // An order may have intents with several providers (customer switched); the newest one is the live one.
        return await connection.QueryFirstOrDefaultAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             SELECT {IntentColumns} FROM payment_intents
             WHERE (@paymentId::uuid IS NULL OR payment_id = @paymentId) AND (@orderId::text IS NULL OR order_id = @orderId)
             ORDER BY created_at DESC LIMIT 1
             """,
            new { paymentId, orderId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Applies one provider callback exactly once. The intent row is locked first, so callbacks for one payment run
    /// one after another; the (provider, transaction id) key of provider_callbacks makes every replay find the first
    /// result. State change, callback record and outbox event commit together.
    /// </summary>
    public async Task<ConfirmResult> ConfirmAsync(ProviderCallback callback, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var intent = await connection.QuerySingleOrDefaultAsync<PaymentIntentRecord>(new CommandDefinition(
            $"SELECT {IntentColumns} FROM payment_intents WHERE provider = @Provider AND provider_order_ref = @OrderRef FOR UPDATE",
            new { callback.Provider, callback.OrderRef }, transaction, cancellationToken: cancellationToken));
        if (intent is null)
        {
            return ConfirmResult.NotFound;
        }

        var previous = await FindCallbackAsync(connection, transaction, callback, cancellationToken);
        if (previous is not null)
        {
            return await ReplayAsync(connection, transaction, previous, cancellationToken);
        }

        var decision = Decide(intent, callback);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO provider_callbacks (provider, provider_transaction_id, payment_id, amount_vnd, outcome, result, detail, raw_payload, received_at)
            VALUES (@Provider, @TransactionId, @PaymentId, @AmountVnd, @Outcome, @Result, @Detail, @RawPayload, @Now)
            ON CONFLICT (provider, provider_transaction_id) DO NOTHING
            """,
            new
            {
                callback.Provider, callback.TransactionId, intent.PaymentId, callback.AmountVnd, callback.Outcome,
                decision.Result, decision.Detail, callback.RawPayload, Now = now,
            },
            transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            // The same transaction id arrived concurrently for another order ref and won; answer as its replay.
            previous = await FindCallbackAsync(connection, transaction, callback, cancellationToken);
            return await ReplayAsync(connection, transaction, previous!, cancellationToken);
        }

        if (decision.NewStatus is not null)
        {
            intent = await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
                $"""
                 UPDATE payment_intents
                 SET status = @NewStatus, provider_transaction_id = @TransactionId, failure_reason = @FailureReason, completed_at = @Now
                 WHERE payment_id = @PaymentId
                 RETURNING {IntentColumns}
                 """,
                new { decision.NewStatus, callback.TransactionId, decision.FailureReason, Now = now, intent.PaymentId },
                transaction, cancellationToken: cancellationToken));
            if (decision.NewStatus == IntentStatus.Succeeded)
            {
                await OutboxWriter.AddPaymentSucceededAsync(connection, transaction, intent, now, cancellationToken);
            }
            else
            {
                await OutboxWriter.AddPaymentFailedAsync(connection, transaction, intent, decision.FailureReason!, now, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ConfirmResult(intent, decision.Result, decision.Detail, Replayed: false);
    }

    /// <summary>PENDING intents past their expiry become EXPIRED, each with a payment.failed event; sweepers skip each other's rows.</summary>
    public async Task<int> ExpireStaleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var expired = (await connection.QueryAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             WITH stale AS (
                 SELECT payment_id FROM payment_intents
                 WHERE status = 'PENDING' AND expires_at <= @Now
                 ORDER BY expires_at
                 LIMIT @BatchSize
                 FOR UPDATE SKIP LOCKED)
             UPDATE payment_intents SET status = 'EXPIRED', failure_reason = 'expired', completed_at = @Now
             WHERE payment_id IN (SELECT payment_id FROM stale)
             RETURNING {IntentColumns}
             """,
            new { Now = now, BatchSize = batchSize }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var intent in expired)
        {
            await OutboxWriter.AddPaymentFailedAsync(connection, transaction, intent, "expired", now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    private static Decision Decide(PaymentIntentRecord intent, ProviderCallback callback)
    {
        if (callback.Outcome == IntentStatus.Failed)
        {
            return intent.Status == IntentStatus.Pending
                ? new Decision(CallbackResult.Applied, "", IntentStatus.Failed, "provider_declined")
                : new Decision(CallbackResult.Ignored, $"payment is already {intent.Status}", null, null);
        }

        return intent.Status switch
        {
            IntentStatus.Pending when callback.AmountVnd != intent.AmountVnd => new Decision(CallbackResult.AmountMismatch,
                $"paid {callback.AmountVnd} VND but the payment is for {intent.AmountVnd} VND", null, null),
            IntentStatus.Pending => new Decision(CallbackResult.Applied, "", IntentStatus.Succeeded, null),
            IntentStatus.Succeeded => new Decision(CallbackResult.DuplicatePayment,
                $"already paid by transaction {intent.ProviderTransactionId}; this second payment needs a refund", null, null),
            // Money arrived after we gave the seats back. We do not resurrect the order (the seats may be sold to
            // someone else); the callback is recorded and surfaced so support refunds it.
            _ => new Decision(CallbackResult.LatePayment,
                $"payment arrived after the intent was {intent.Status}; needs a refund", null, null),
        };
    }

    private static Task<StoredCallback?> FindCallbackAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        ProviderCallback callback, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<StoredCallback>(new CommandDefinition(
            """
            SELECT payment_id AS PaymentId, result AS Result, detail AS Detail FROM provider_callbacks
            WHERE provider = @Provider AND provider_transaction_id = @TransactionId
            """,
            new { callback.Provider, callback.TransactionId }, transaction, cancellationToken: cancellationToken));

    private static async Task<ConfirmResult> ReplayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        StoredCallback previous, CancellationToken cancellationToken)
    {
        var intent = await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
            $"SELECT {IntentColumns} FROM payment_intents WHERE payment_id = @PaymentId",
            new { previous.PaymentId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ConfirmResult(intent, previous.Result, previous.Detail, Replayed: true);
    }

    private sealed record Decision(string Result, string Detail, string? NewStatus, string? FailureReason);

    private sealed record StoredCallback(Guid PaymentId, string Result, string Detail);
}
