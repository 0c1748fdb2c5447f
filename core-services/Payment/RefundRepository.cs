using Dapper;
using Npgsql;
using TicketBottle.Payment.Providers;

namespace TicketBottle.Payment;

/// <summary>Refunds of money we did not keep; every change to SUCCEEDED adds payment.refunded to the outbox in the same transaction.</summary>
public sealed class RefundRepository(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string RefundColumns =
        "r.refund_id AS RefundId, r.payment_id AS PaymentId, i.order_id AS OrderId, r.provider AS Provider, " +
        "r.provider_transaction_id AS ProviderTransactionId, r.amount_vnd AS AmountVnd, r.reason AS Reason, r.status AS Status, " +
        "r.provider_refund_ref AS ProviderRefundRef, r.attempts AS Attempts, r.last_error AS LastError, r.created_at AS CreatedAt, " +
        "r.completed_at AS CompletedAt";

    private const string FromRefunds = "refunds r JOIN payment_intents i ON i.payment_id = r.payment_id";

    /// <summary>Inside the caller's transaction: the money that came with the intent's provider transaction goes back.</summary>
    public static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PaymentIntentRecord intent, string transactionId,
        long amountVnd, string reason, IPaymentProvider provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refundId = Guid.CreateVersion7();
        return connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO refunds (refund_id, payment_id, provider, provider_transaction_id, amount_vnd, reason, status, provider_refund_ref, created_at, updated_at)
            VALUES (@RefundId, @PaymentId, @Provider, @TransactionId, @AmountVnd, @Reason, @Status, @Ref, @Now, @Now)
            ON CONFLICT (provider, provider_transaction_id) DO NOTHING
            """,
            new
            {
                RefundId = refundId, intent.PaymentId, intent.Provider, TransactionId = transactionId, AmountVnd = amountVnd, Reason = reason,
                Status = provider.RefundsByApi ? RefundStatuses.Pending : RefundStatuses.Manual,
                Ref = provider.RefundRefFor(refundId, now),
                Now = now,
            },
            transaction, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<RefundRecord>> InFlightAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RefundRecord>(new CommandDefinition(
            $"SELECT {RefundColumns} FROM {FromRefunds} WHERE r.status IN ('PENDING', 'SUBMITTED') ORDER BY r.updated_at LIMIT @batchSize",
            new { batchSize }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<RefundRecord>> ListAsync(IReadOnlyCollection<string> statuses, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RefundRecord>(new CommandDefinition(
            $"SELECT {RefundColumns} FROM {FromRefunds} WHERE r.status = ANY(@statuses) ORDER BY r.created_at LIMIT @limit",
            new { statuses = statuses.ToArray(), limit }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<RefundRecord>> ForOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RefundRecord>(new CommandDefinition(
            $"SELECT {RefundColumns} FROM {FromRefunds} WHERE i.order_id = @orderId ORDER BY r.created_at",
            new { orderId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Moves the refund from <paramref name="expectedStatus"/> to <paramref name="newStatus"/>; false when someone else
    /// moved it first. Reaching SUCCEEDED adds payment.refunded.
    /// </summary>
    public async Task<RefundRecord?> TransitionAsync(Guid refundId, string expectedStatus, string newStatus, string? error, string? providerRefundRef,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE refunds SET status = @newStatus, last_error = @error, updated_at = @now, attempts = attempts + 1,
                provider_refund_ref = COALESCE(@providerRefundRef, provider_refund_ref),
                completed_at = CASE WHEN @newStatus = 'SUCCEEDED' THEN @now ELSE completed_at END
            WHERE refund_id = @refundId AND status = @expectedStatus
            """,
            new { refundId, expectedStatus, newStatus, error, providerRefundRef, now }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            return null;
        }

        var refund = await connection.QuerySingleAsync<RefundRecord>(new CommandDefinition(
            $"SELECT {RefundColumns} FROM {FromRefunds} WHERE r.refund_id = @refundId", new { refundId }, transaction,
            cancellationToken: cancellationToken));
        if (newStatus == RefundStatuses.Succeeded)
        {
            await OutboxWriter.AddPaymentRefundedAsync(connection, transaction, refund, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return refund;
    }

    public async Task<RefundRecord?> GetAsync(Guid refundId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RefundRecord>(new CommandDefinition(
            $"SELECT {RefundColumns} FROM {FromRefunds} WHERE r.refund_id = @refundId", new { refundId }, cancellationToken: cancellationToken));
    }
}
