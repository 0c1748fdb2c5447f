using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBottle.Telemetry;

namespace TicketBottle.Payment;

public sealed class PaymentRepository(NpgsqlDataSource dataSource, ProviderRegistry providers, IOptions<PaymentOptions> options, TimeProvider clock)
{
    private const string IntentColumns =
        "payment_id AS PaymentId, order_id AS OrderId, provider AS Provider, provider_order_ref AS ProviderOrderRef, " +
        "amount_vnd AS AmountVnd, description AS Description, status AS Status, " +
        "provider_transaction_id AS ProviderTransactionId, failure_reason AS FailureReason, created_at AS CreatedAt, " +
        "expires_at AS ExpiresAt, completed_at AS CompletedAt, checkout_url AS CheckoutUrl, qr_code AS QrCode, trace_parent AS TraceParent";

    /// <summary>Creates the order's intent for the provider, or returns the one a previous attempt created.</summary>
    public async Task<PaymentIntentRecord> CreateOrGetIntentAsync(string orderId, string provider, long amountVnd,
        string description, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var paymentId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var created = await connection.QuerySingleOrDefaultAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             INSERT INTO payment_intents (payment_id, order_id, provider, provider_order_ref, amount_vnd, description, status, created_at,
                                          expires_at, trace_parent)
             VALUES (@PaymentId, @OrderId, @Provider, COALESCE(@Ref, nextval('payos_order_code_seq')::text), @AmountVnd,
                     @Description, 'PENDING', @Now, @ExpiresAt, @TraceParent)
             ON CONFLICT (order_id, provider) DO NOTHING
             RETURNING {IntentColumns}
             """,
            new
            {
                PaymentId = paymentId,
                OrderId = orderId,
                Provider = provider,
                Ref = provider == ProviderNames.ZaloPay ? ProviderOrderRefs.ZaloPay(paymentId, now) : null,
                AmountVnd = amountVnd,
                Description = description,
                Now = now,
                ExpiresAt = now + options.Value.IntentLifetime,
                TraceParent = TraceHeaders.CurrentTraceparent(),
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

        var decision = Decide(intent, callback, callback.PaidAt ?? now);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO provider_callbacks (provider, provider_transaction_id, payment_id, amount_vnd, outcome, result, detail, raw_payload, received_at, paid_at)
            VALUES (@Provider, @TransactionId, @PaymentId, @AmountVnd, @Outcome, @Result, @Detail, @RawPayload, @Now, @PaidAt)
            ON CONFLICT (provider, provider_transaction_id) DO NOTHING
            """,
            new
            {
                callback.Provider, callback.TransactionId, intent.PaymentId, callback.AmountVnd, callback.Outcome,
                decision.Result, decision.Detail, callback.RawPayload, Now = now, PaidAt = (callback.PaidAt ?? now).ToUniversalTime(),
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
                 SET status = @NewStatus, provider_transaction_id = @TransactionId, failure_reason = @FailureReason, completed_at = @Now,
                     checkout_cancel_due = @CancelCheckout
                 WHERE payment_id = @PaymentId
                 RETURNING {IntentColumns}
                 """,
                new
                {
                    decision.NewStatus, TransactionId = decision.NewStatus == IntentStatus.Expired ? null : callback.TransactionId,
                    decision.FailureReason, Now = now, intent.PaymentId, CancelCheckout = decision.NewStatus == IntentStatus.Expired && intent.CheckoutUrl is not null,
                },
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

        if (CallbackResult.IsRejection(decision.Result))
        {
            await RefundRepository.AddAsync(connection, transaction, intent, callback.TransactionId, callback.AmountVnd, decision.Result,
                providers.Get(intent.Provider), now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (decision.NewStatus is not null)
        {
            PaymentMetrics.Ended(intent, now);
        }

        return new ConfirmResult(intent, decision.Result, decision.Detail, Replayed: false);
    }

    /// <summary>
    /// PENDING intents past their expiry become EXPIRED, each with a payment.failed event and its checkout due to be
    /// cancelled at the provider; sweepers skip each other's rows.
    /// </summary>
    public async Task<IReadOnlyList<PaymentIntentRecord>> ExpireStaleAsync(int batchSize, CancellationToken cancellationToken)
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
             UPDATE payment_intents SET status = 'EXPIRED', failure_reason = 'expired', completed_at = @Now, checkout_cancel_due = checkout_url IS NOT NULL
             WHERE payment_id IN (SELECT payment_id FROM stale)
             RETURNING {IntentColumns}
             """,
            new { Now = now, BatchSize = batchSize }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var intent in expired)
        {
            await OutboxWriter.AddPaymentFailedAsync(connection, transaction, intent, "expired", now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var intent in expired)
        {
            PaymentMetrics.Ended(intent, now);
        }

        return expired;
    }

    /// <summary>The order's live intent; if it is PENDING and its time is up, it becomes EXPIRED first (as the sweep would).</summary>
    public async Task<PaymentIntentRecord?> ExpireIfOverdueAsync(string orderId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var intent = await LockLatestForOrderAsync(connection, transaction, orderId, cancellationToken);
        var expiresNow = intent is { Status: IntentStatus.Pending } && intent.ExpiresAt <= now.UtcDateTime;
        if (expiresNow)
        {
            intent = await EndPendingAsync(connection, transaction, intent!, IntentStatus.Expired, "expired", now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (expiresNow)
        {
            PaymentMetrics.Ended(intent!, now);
        }

        return intent;
    }

    /// <summary>
    /// The order ended without this payment: a PENDING intent becomes FAILED (order_ended) with its checkout due to be
    /// cancelled; money a SUCCEEDED intent took is refunded (once, however often this is called). EndedNow: this call
    /// ended a pending intent.
    /// </summary>
    public async Task<(PaymentIntentRecord? Intent, bool EndedNow)> CancelForEndedOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var intent = await LockLatestForOrderAsync(connection, transaction, orderId, cancellationToken);
        var endedNow = intent is { Status: IntentStatus.Pending };
        if (endedNow)
        {
            intent = await EndPendingAsync(connection, transaction, intent!, IntentStatus.Failed, RefundReasons.OrderEnded, now, cancellationToken);
        }
        else if (intent is { Status: IntentStatus.Succeeded, ProviderTransactionId: { } transactionId })
        {
            await RefundRepository.AddAsync(connection, transaction, intent, transactionId, intent.AmountVnd, RefundReasons.OrderEnded,
                providers.Get(intent.Provider), now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (endedNow)
        {
            PaymentMetrics.Ended(intent!, now);
        }

        return (intent, endedNow);
    }

    private static Task<PaymentIntentRecord?> LockLatestForOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orderId,
        CancellationToken cancellationToken) =>
        connection.QueryFirstOrDefaultAsync<PaymentIntentRecord>(new CommandDefinition(
            $"SELECT {IntentColumns} FROM payment_intents WHERE order_id = @orderId ORDER BY created_at DESC LIMIT 1 FOR UPDATE",
            new { orderId }, transaction, cancellationToken: cancellationToken));

    /// <summary>A PENDING intent ends (its checkout due to be cancelled) with a payment.failed event for the reason.</summary>
    private static async Task<PaymentIntentRecord> EndPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        PaymentIntentRecord intent, string status, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ended = await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             UPDATE payment_intents SET status = @status, failure_reason = @reason, completed_at = @now, checkout_cancel_due = checkout_url IS NOT NULL
             WHERE payment_id = @PaymentId
             RETURNING {IntentColumns}
             """,
            new { status, reason, now, intent.PaymentId }, transaction, cancellationToken: cancellationToken));
        await OutboxWriter.AddPaymentFailedAsync(connection, transaction, ended, reason, now, cancellationToken);
        return ended;
    }

    /// <summary>
    /// Takes up to <paramref name="batchSize"/> PENDING intents older than <paramref name="olderThan"/> that nobody
    /// asked the provider about within that time, and marks them asked; concurrent sweeps take different ones.
    /// </summary>
    public async Task<IReadOnlyList<PaymentIntentRecord>> TakeUncheckedPendingAsync(TimeSpan olderThan, int batchSize,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PaymentIntentRecord>(new CommandDefinition(
            $"""
             WITH due AS (
                 SELECT payment_id FROM payment_intents
                 WHERE status = 'PENDING' AND created_at <= @Before AND checkout_url IS NOT NULL
                   AND (last_checked_at IS NULL OR last_checked_at <= @Before)
                 ORDER BY created_at
                 LIMIT @BatchSize
                 FOR UPDATE SKIP LOCKED)
             UPDATE payment_intents SET last_checked_at = @Now
             WHERE payment_id IN (SELECT payment_id FROM due)
             RETURNING {IntentColumns}
             """,
            new { Before = now - olderThan, Now = now, BatchSize = batchSize }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Ended intents whose checkout may still take money.</summary>
    public async Task<IReadOnlyList<PaymentIntentRecord>> CheckoutsToCancelAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PaymentIntentRecord>(new CommandDefinition(
            $"SELECT {IntentColumns} FROM payment_intents WHERE checkout_cancel_due ORDER BY completed_at LIMIT @batchSize",
            new { batchSize }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task MarkCheckoutClosedAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE payment_intents SET checkout_cancel_due = false WHERE payment_id = @paymentId",
            new { paymentId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Locks the intent for creating its checkout, so concurrent retries of one order make one provider order: the
    /// first caller creates it while the others wait on the lock and then find it stored.
    /// </summary>
    public async Task<CheckoutLock> LockForCheckoutAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var intent = await connection.QuerySingleAsync<PaymentIntentRecord>(new CommandDefinition(
                $"SELECT {IntentColumns} FROM payment_intents WHERE payment_id = @paymentId FOR UPDATE",
                new { paymentId }, transaction, cancellationToken: cancellationToken));
            return new CheckoutLock(connection, transaction, intent, IntentColumns);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static Decision Decide(PaymentIntentRecord intent, ProviderCallback callback, DateTimeOffset paidAt)
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
                $"paid {callback.AmountVnd} VND but the payment is for {intent.AmountVnd} VND; refunding it", null, null),
            // Its time was up when the money came, whether or not a sweep has expired it yet: the order's seats may
            // already be on their way back, so the money goes back instead, and the intent ends now.
            IntentStatus.Pending when paidAt.UtcDateTime > intent.ExpiresAt => new Decision(CallbackResult.LatePayment,
                $"paid at {paidAt:O}, after the payment expired at {intent.ExpiresAt:O}; refunding it", IntentStatus.Expired, "expired"),
            IntentStatus.Pending => new Decision(CallbackResult.Applied, "", IntentStatus.Succeeded, null),
            IntentStatus.Succeeded => new Decision(CallbackResult.DuplicatePayment,
                $"already paid by transaction {intent.ProviderTransactionId}; refunding this second payment", null, null),
            // Money arrived after we gave the seats back. We do not resurrect the order (the seats may be sold to
            // someone else); the callback is recorded and surfaced so support refunds it.
            _ => new Decision(CallbackResult.LatePayment,
                $"payment arrived after the intent was {intent.Status}; refunding it", null, null),
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
