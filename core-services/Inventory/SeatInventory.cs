using Dapper;
using Npgsql;

namespace TicketBottle.Inventory;

/// <summary>
/// Seat state transitions, each in one transaction. Lock order is always hold row, then seat rows by seat_id, so
/// concurrent holds, confirms, releases and sweeps never deadlock each other.
/// </summary>
public sealed class SeatInventory(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string HoldColumns =
        "hold_id AS HoldId, event_id AS EventId, order_id AS OrderId, status AS Status, seat_count AS SeatCount, " +
        "total_vnd AS TotalVnd, expires_at AS ExpiresAt";

    // Seats are found by their key only, with the section's name and price looked up per seat. Joined with sections,
    // the planner drove the join from the event's few sections and read every seat of each (or hashed the whole seats
    // table) to find a hold's 1-8 seats, which made these reads most of PostgreSQL's CPU in bench/Inventory.
    private const string SeatColumns =
        "s.seat_id AS SeatId, s.section_id AS SectionId, " +
        "(SELECT name FROM sections sec WHERE sec.event_id = s.event_id AND sec.section_id = s.section_id) AS SectionName, " +
        "s.row_label AS RowLabel, s.seat_number AS SeatNumber, " +
        "(SELECT price_vnd FROM sections sec WHERE sec.event_id = s.event_id AND sec.section_id = s.section_id) AS PriceVnd";

    public async Task<(int SeatsAdded, int TotalSeats)> UpsertSeatMapAsync(string eventId, IReadOnlyList<SeatMapSection> sections,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO inventory_events (event_id) VALUES (@eventId) ON CONFLICT DO NOTHING",
            new { eventId }, transaction, cancellationToken: cancellationToken));
        var added = 0;
        foreach (var section in sections)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO sections (event_id, section_id, name, price_vnd) VALUES (@eventId, @SectionId, @Name, @PriceVnd)
                ON CONFLICT (event_id, section_id) DO UPDATE SET name = excluded.name, price_vnd = excluded.price_vnd
                """,
                new { eventId, section.SectionId, section.Name, section.PriceVnd }, transaction, cancellationToken: cancellationToken));
            added += await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO seats (event_id, seat_id, section_id, row_label, seat_number)
                SELECT @eventId, s.seat_id, @SectionId, s.row_label, s.seat_number
                FROM unnest(@SeatIds, @Rows, @Numbers) AS s (seat_id, row_label, seat_number)
                ON CONFLICT (event_id, seat_id) DO NOTHING
                """,
                new
                {
                    eventId,
                    section.SectionId,
                    SeatIds = section.Seats.Select(s => s.SeatId).ToArray(),
                    Rows = section.Seats.Select(s => s.RowLabel).ToArray(),
                    Numbers = section.Seats.Select(s => s.SeatNumber).ToArray(),
                },
                transaction, cancellationToken: cancellationToken));
        }

        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM seats WHERE event_id = @eventId", new { eventId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (added, total);
    }

    /// <summary>
    /// Takes every requested seat or none. The hold row is inserted first: its unique order_id makes a concurrent
    /// retry of the same order wait for this transaction and then return this hold.
    /// </summary>
    public async Task<HoldView> HoldAsync(string eventId, string orderId, SeatSelection selection, TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var holdId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One round trip: the hold row goes in only for a known event, and not twice for one order.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO holds (hold_id, event_id, order_id, status, seat_count, total_vnd, created_at, expires_at)
            SELECT @holdId, @eventId, @orderId, 'HELD', 1, 0, @now, @expiresAt
            WHERE EXISTS (SELECT 1 FROM inventory_events WHERE event_id = @eventId)
            ON CONFLICT (order_id) DO NOTHING
            """,
            new { holdId, eventId, orderId, now, expiresAt = now + ttl }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            await EnsureEventAsync(connection, eventId, cancellationToken);
            return await ExistingHoldForOrderAsync(connection, eventId, orderId, cancellationToken);
        }

        var seats = selection switch
        {
            SeatSelection.Explicit named => await LockNamedSeatsAsync(connection, transaction, eventId, named.SeatIds, now, cancellationToken),
            SeatSelection.BestAvailable best => await LockBestAvailableAsync(connection, transaction, eventId, best, now, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(selection)),
        };

        var seatIds = seats.Select(s => s.SeatId).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE seats SET status = 'HELD', hold_id = @holdId, held_until = @expiresAt
            WHERE event_id = @eventId AND seat_id = ANY(@seatIds);
            INSERT INTO hold_seats (hold_id, event_id, seat_id) SELECT @holdId, @eventId, unnest(@seatIds);
            UPDATE holds SET seat_count = @count, total_vnd = @total WHERE hold_id = @holdId;
            """,
            new { holdId, eventId, seatIds, expiresAt = now + ttl, count = seats.Count, total = seats.Sum(s => s.PriceVnd) },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        InventoryMetrics.HoldsEntered(HoldState.Held);

        var hold = new HoldRecord(holdId, eventId, orderId, HoldState.Held, seats.Count, seats.Sum(s => s.PriceVnd), (now + ttl).UtcDateTime);
        return new HoldView(hold, seats);
    }

    /// <summary>HELD → SOLD, only while the hold is still within its time; idempotent once confirmed.</summary>
    public async Task<HoldView> ConfirmAsync(Guid holdId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var hold = await LockHoldAsync(connection, transaction, holdId, cancellationToken);
        switch (hold.Status)
        {
            case HoldState.Confirmed:
                await transaction.CommitAsync(cancellationToken);
                return await ViewAsync(connection, hold, cancellationToken);
            case HoldState.Released or HoldState.Expired:
                throw new InventoryException(InventoryErrorKind.Unavailable, $"Hold {holdId} was {hold.Status.ToLowerInvariant()}; nothing was sold.");
        }

        if (hold.ExpiresAt <= now.UtcDateTime)
        {
            await EndHoldAsync(connection, transaction, holdId, HoldState.Expired, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            InventoryMetrics.HoldsEntered(HoldState.Expired);
            throw new InventoryException(InventoryErrorKind.Unavailable, $"Hold {holdId} expired at {hold.ExpiresAt:O}; nothing was sold.");
        }

        // The hold is confirmed only if every one of its seats was still held by it.
        var confirmed = await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH sold AS (
                UPDATE seats SET status = 'SOLD', held_until = NULL WHERE hold_id = @holdId AND status = 'HELD' RETURNING 1)
            UPDATE holds SET status = 'CONFIRMED', ended_at = @now
            WHERE hold_id = @holdId AND (SELECT count(*) FROM sold) = @seatCount
            """,
            new { holdId, now, seatCount = hold.SeatCount }, transaction, cancellationToken: cancellationToken));
        if (confirmed == 0)
        {
            // Cannot happen while the hold is in time (seats of a live hold are never taken); refuse rather than sell part.
            await transaction.RollbackAsync(cancellationToken);
            throw new InventoryException(InventoryErrorKind.Unavailable, $"Hold {holdId} no longer has all its seats; nothing was sold.");
        }

        await transaction.CommitAsync(cancellationToken);
        InventoryMetrics.HoldsEntered(HoldState.Confirmed);
        return await ViewAsync(connection, hold with { Status = HoldState.Confirmed }, cancellationToken);
    }

    /// <summary>Gives a live hold's seats back; harmless on an ended hold; refuses to unsell a confirmed one.</summary>
    public async Task<HoldView> ReleaseAsync(Guid holdId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var hold = await LockHoldAsync(connection, transaction, holdId, cancellationToken);
        if (hold.Status == HoldState.Confirmed)
        {
            throw new InventoryException(InventoryErrorKind.Unavailable, $"Hold {holdId} is confirmed; sold seats are not released.");
        }

        var releasedNow = hold.Status == HoldState.Held;
        if (releasedNow)
        {
            await EndHoldAsync(connection, transaction, holdId, HoldState.Released, now, cancellationToken);
            hold = hold with { Status = HoldState.Released };
        }

        await transaction.CommitAsync(cancellationToken);
        if (releasedNow)
        {
            InventoryMetrics.HoldsEntered(HoldState.Released);
        }

        return await ViewAsync(connection, hold, cancellationToken);
    }

    public async Task<HoldView> GetAsync(Guid holdId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hold = await connection.QuerySingleOrDefaultAsync<HoldRecord>(new CommandDefinition(
                       $"SELECT {HoldColumns} FROM holds WHERE hold_id = @holdId", new { holdId }, cancellationToken: cancellationToken))
                   ?? throw new InventoryException(InventoryErrorKind.NotFound, $"Hold {holdId} not found.");
        return await ViewAsync(connection, hold, cancellationToken);
    }

    public async Task<IReadOnlyList<SectionCounts>> AvailabilityAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = (await connection.QueryAsync<SectionCounts>(new CommandDefinition(
            """
            SELECT sec.section_id AS SectionId, sec.name AS Name, sec.price_vnd AS PriceVnd,
                   count(s.seat_id)::int AS Capacity,
                   (count(*) FILTER (WHERE s.status = 'HELD' AND s.held_until > @now))::int AS Held,
                   (count(*) FILTER (WHERE s.status = 'SOLD'))::int AS Sold
            FROM sections sec
            LEFT JOIN seats s ON s.event_id = sec.event_id AND s.section_id = sec.section_id
            WHERE sec.event_id = @eventId
            GROUP BY sec.section_id, sec.name, sec.price_vnd
            ORDER BY sec.section_id
            """,
            new { eventId, now }, cancellationToken: cancellationToken))).ToList();
        return counts.Count > 0 ? counts : throw new InventoryException(InventoryErrorKind.NotFound, $"Event {eventId} has no seat map.");
    }

    public async Task<Dictionary<string, int>> HoldCountsAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string Status, int Count)>(new CommandDefinition(
            "SELECT status, count(*)::int FROM holds WHERE event_id = @eventId GROUP BY status",
            new { eventId }, cancellationToken: cancellationToken))).ToDictionary(r => r.Status, r => r.Count);
    }

    public async Task<IReadOnlyList<string>> TakenSeatsAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // General-admission places have no row: they are counted, not drawn.
        return (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT seat_id FROM seats
            WHERE event_id = @eventId AND row_label <> '' AND (status = 'SOLD' OR (status = 'HELD' AND held_until > @now))
            ORDER BY seat_id
            """,
            new { eventId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<SweepResult> ReleaseExpiredAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var swept = await connection.QuerySingleAsync<SweepResult>(new CommandDefinition(
            """
            WITH due AS (
                SELECT hold_id FROM holds
                WHERE status = 'HELD' AND expires_at <= @now
                ORDER BY expires_at
                LIMIT @batchSize
                FOR UPDATE SKIP LOCKED),
            ended AS (
                UPDATE holds SET status = 'EXPIRED', ended_at = @now
                WHERE hold_id IN (SELECT hold_id FROM due)
                RETURNING hold_id),
            freed AS (
                UPDATE seats SET status = 'AVAILABLE', hold_id = NULL, held_until = NULL
                WHERE hold_id IN (SELECT hold_id FROM ended) AND status = 'HELD'
                RETURNING 1)
            SELECT (SELECT count(*) FROM ended)::int AS HoldsReleased, (SELECT count(*) FROM freed)::int AS SeatsReleased
            """,
            new { now, batchSize }, cancellationToken: cancellationToken));
        InventoryMetrics.HoldsEntered(HoldState.Expired, swept.HoldsReleased);
        return swept;
    }

    private static async Task EnsureEventAsync(NpgsqlConnection connection, string eventId, CancellationToken cancellationToken)
    {
        var known = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM inventory_events WHERE event_id = @eventId)", new { eventId },
            cancellationToken: cancellationToken));
        if (!known)
        {
            throw new InventoryException(InventoryErrorKind.NotFound, $"Event {eventId} has no seat map.");
        }
    }

    /// <summary>Locks the named seats in seat_id order; all must exist and be free (or held by an expired hold).</summary>
    private static async Task<IReadOnlyList<SeatRecord>> LockNamedSeatsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string eventId, IReadOnlyList<string> seatIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<LockedSeat>(new CommandDefinition(
            $"""
            SELECT {SeatColumns},
                   (s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.held_until <= @now)) AS Free
            FROM seats s
            WHERE s.event_id = @eventId AND s.seat_id = ANY(@seatIds)
            ORDER BY s.seat_id
            FOR UPDATE
            """,
            new { eventId, seatIds = seatIds.ToArray(), now }, transaction, cancellationToken: cancellationToken))).ToList();

        var unknown = seatIds.Except(rows.Select(r => r.SeatId), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InventoryException(InventoryErrorKind.InvalidArgument, $"Unknown seats for event {eventId}: {string.Join(", ", unknown)}.");
        }

        var taken = rows.Where(r => !r.Free).Select(r => r.SeatId).ToList();
        if (taken.Count > 0)
        {
            throw new InventoryException(InventoryErrorKind.Unavailable, $"Seats not available: {string.Join(", ", taken)}.");
        }

        return rows.Select(r => r.ToSeat()).ToList();
    }

    /// <summary>Picks the first free seats of the section, skipping rows other buyers have locked rather than queueing.</summary>
    private static async Task<IReadOnlyList<SeatRecord>> LockBestAvailableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string eventId, SeatSelection.BestAvailable request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Free seats first (index walk in seat order); only when those run short, seats of holds whose time is up.
        var seats = await PickAsync("status = 'AVAILABLE'", request.Quantity);
        if (seats.Count < request.Quantity)
        {
            seats.AddRange(await PickAsync("status = 'HELD' AND held_until <= @now", request.Quantity - seats.Count));
        }

        if (seats.Count < request.Quantity)
        {
            // Only a refusal asks whether the section exists at all: a hold that succeeds is one round trip shorter.
            var known = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM sections WHERE event_id = @eventId AND section_id = @SectionId)",
                new { eventId, request.SectionId }, transaction, cancellationToken: cancellationToken));
            throw known
                ? new InventoryException(InventoryErrorKind.Unavailable,
                    $"Only {seats.Count} seats free in section {request.SectionId} right now; {request.Quantity} requested.")
                : new InventoryException(InventoryErrorKind.NotFound, $"Section {request.SectionId} not found for event {eventId}.");
        }

        return seats;

        async Task<List<SeatRecord>> PickAsync(string condition, int quantity) =>
            (await connection.QueryAsync<SeatRecord>(new CommandDefinition(
                $"""
                 SELECT {SeatColumns}
                 FROM seats s
                 WHERE s.event_id = @eventId AND s.section_id = @SectionId AND {condition}
                 ORDER BY length(s.row_label), s.row_label, s.seat_number
                 LIMIT @quantity
                 FOR UPDATE SKIP LOCKED
                 """,
                new { eventId, request.SectionId, quantity, now },
                transaction, cancellationToken: cancellationToken))).ToList();
    }

    private static async Task<HoldRecord> LockHoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid holdId,
        CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<HoldRecord>(new CommandDefinition(
            $"SELECT {HoldColumns} FROM holds WHERE hold_id = @holdId FOR UPDATE", new { holdId }, transaction,
            cancellationToken: cancellationToken))
        ?? throw new InventoryException(InventoryErrorKind.NotFound, $"Hold {holdId} not found.");

    private static Task EndHoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid holdId, string status,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE holds SET status = @status, ended_at = @now WHERE hold_id = @holdId;
            UPDATE seats SET status = 'AVAILABLE', hold_id = NULL, held_until = NULL WHERE hold_id = @holdId AND status = 'HELD';
            """,
            new { holdId, status, now }, transaction, cancellationToken: cancellationToken));

    /// <summary>Every method keeps to one pooled connection, so a burst of callers can't starve the pool by nesting.</summary>
    private static async Task<HoldView> ExistingHoldForOrderAsync(NpgsqlConnection connection, string eventId, string orderId,
        CancellationToken cancellationToken)
    {
        var hold = await connection.QuerySingleAsync<HoldRecord>(new CommandDefinition(
            $"SELECT {HoldColumns} FROM holds WHERE order_id = @orderId", new { orderId }, cancellationToken: cancellationToken));
        if (hold.EventId != eventId)
        {
            throw new InventoryException(InventoryErrorKind.InvalidArgument, $"Order {orderId} already holds seats for event {hold.EventId}.");
        }

        if (hold.Status is HoldState.Released or HoldState.Expired)
        {
            throw new InventoryException(InventoryErrorKind.Unavailable,
                $"Order {orderId}'s hold was {hold.Status.ToLowerInvariant()}; place a new order to try again.");
        }

        return await ViewAsync(connection, hold, cancellationToken);
    }

    private static async Task<HoldView> ViewAsync(NpgsqlConnection connection, HoldRecord hold, CancellationToken cancellationToken)
    {
        var seats = (await connection.QueryAsync<SeatRecord>(new CommandDefinition(
            $"""
            SELECT {SeatColumns}
            FROM seats s
            WHERE s.event_id = @EventId AND s.seat_id = ANY(ARRAY(SELECT seat_id FROM hold_seats WHERE hold_id = @HoldId))
            ORDER BY s.seat_id
            """,
            new { hold.EventId, hold.HoldId }, cancellationToken: cancellationToken))).ToList();
        return new HoldView(hold, seats);
    }

    private sealed record LockedSeat(string SeatId, string SectionId, string SectionName, string RowLabel, int SeatNumber, long PriceVnd, bool Free)
    {
        public SeatRecord ToSeat() => new(SeatId, SectionId, SectionName, RowLabel, SeatNumber, PriceVnd);
    }
}
