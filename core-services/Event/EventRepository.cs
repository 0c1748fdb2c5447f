using Dapper;
using Npgsql;

namespace TicketBottle.Event;

public sealed class EventRepository(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string EventColumns =
        "event_id AS EventId, venue_id AS VenueId, name AS Name, description AS Description, starts_at AS StartsAt, " +
        "sale_starts_at AS SaleStartsAt, sale_ends_at AS SaleEndsAt, status AS Status, admit_per_second AS AdmitPerSecond, " +
        "max_admitted AS MaxAdmitted, max_tickets_per_customer AS MaxTicketsPerCustomer, organizer_id AS OrganizerId, draw_at_opening AS DrawAtOpening";

    public async Task<VenueRecord> CreateVenueAsync(string name, string address, string timeZone, CancellationToken cancellationToken)
    {
        var venue = new VenueRecord(Guid.CreateVersion7(), name, address, timeZone);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO venues (venue_id, name, address, time_zone) VALUES (@VenueId, @Name, @Address, @TimeZone)",
            venue, cancellationToken: cancellationToken));
        return venue;
    }

    public async Task<EventView?> CreateEventAsync(EventRecord record, IReadOnlyList<SectionRecord> sections, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO events (event_id, venue_id, name, description, starts_at, sale_starts_at, sale_ends_at, status,
                                admit_per_second, max_admitted, max_tickets_per_customer, organizer_id, draw_at_opening, created_at, updated_at)
            SELECT @EventId, @VenueId, @Name, @Description, @StartsAt, @SaleStartsAt, @SaleEndsAt, 'DRAFT',
                   @AdmitPerSecond, @MaxAdmitted, @MaxTicketsPerCustomer, @OrganizerId, @DrawAtOpening, @Now, @Now
            WHERE EXISTS (SELECT 1 FROM venues WHERE venue_id = @VenueId)
            """,
            new
            {
                record.EventId, record.VenueId, record.Name, record.Description, record.StartsAt, record.SaleStartsAt, record.SaleEndsAt,
                record.AdmitPerSecond, record.MaxAdmitted, record.MaxTicketsPerCustomer, record.OrganizerId, record.DrawAtOpening, Now = now,
            },
            transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return null;
        }

        for (var position = 0; position < sections.Count; position++)
        {
            var section = sections[position];
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO sections (event_id, section_id, position, name, price_vnd, rows, seats_per_row, ga_capacity)
                VALUES (@EventId, @SectionId, @Position, @Name, @PriceVnd, @Rows, @SeatsPerRow, @GaCapacity)
                """,
                new { record.EventId, section.SectionId, Position = position, section.Name, section.PriceVnd, section.Rows, section.SeatsPerRow, section.GaCapacity },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return await GetAsync(record.EventId, cancellationToken);
    }

    /// <param name="admitPerSecond">0 keeps the current pace; likewise <paramref name="maxAdmitted"/>.</param>
    public async Task<EventView?> UpdateAsync(string eventId, string name, string description, DateTime startsAt, DateTime saleStartsAt,
        DateTime saleEndsAt, int admitPerSecond, int maxAdmitted, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE events SET name = @name, description = @description, starts_at = @startsAt, sale_starts_at = @saleStartsAt,
                                  sale_ends_at = @saleEndsAt, updated_at = @now,
                                  admit_per_second = COALESCE(NULLIF(@admitPerSecond, 0), admit_per_second),
                                  max_admitted = COALESCE(NULLIF(@maxAdmitted, 0), max_admitted)
                WHERE event_id = @eventId
                """,
                new { eventId, name, description, startsAt, saleStartsAt, saleEndsAt, admitPerSecond, maxAdmitted, now = clock.GetUtcNow() },
                cancellationToken: cancellationToken));
            if (updated == 0)
            {
                return null;
            }
        }

        return await GetAsync(eventId, cancellationToken);
    }

    /// <summary>Replaces the event's gate staff; null for an unknown event.</summary>
    public async Task<EventView?> SetGateStaffAsync(string eventId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The event's row locked: two organizers' saves of one list apply one after the other.
            if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT event_id FROM events WHERE event_id = @eventId FOR UPDATE",
                    new { eventId }, transaction, cancellationToken: cancellationToken)) is null)
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM event_gate_staff WHERE event_id = @eventId", new { eventId }, transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO event_gate_staff (event_id, user_id) SELECT @eventId, unnest(@userIds)", new { eventId, userIds = userIds.ToArray() }, transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        return await GetAsync(eventId, cancellationToken);
    }

    public async Task MarkPublishedAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE events SET status = 'PUBLISHED', updated_at = @now WHERE event_id = @eventId",
            new { eventId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<EventView?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var record = await connection.QuerySingleOrDefaultAsync<EventRecord>(new CommandDefinition(
            $"SELECT {EventColumns} FROM events WHERE event_id = @eventId", new { eventId }, cancellationToken: cancellationToken));
        return record is null ? null : await ViewAsync(connection, record, cancellationToken);
    }

    /// <summary>An organizer's events, drafts included, by start (null: everyone's, for admins), keyset-paged on (starts_at, event_id).</summary>
    public async Task<IReadOnlyList<EventView>> ListByOrganizerAsync(string? organizerId, DateTime? afterStartsAt, string? afterEventId, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var records = await connection.QueryAsync<EventRecord>(new CommandDefinition(
            $"""
             SELECT {EventColumns} FROM events
             WHERE (@organizerId::text IS NULL OR organizer_id = @organizerId)
               AND (@afterStartsAt::timestamptz IS NULL OR (starts_at, event_id) > (@afterStartsAt, @afterEventId))
             ORDER BY starts_at, event_id
             LIMIT @limit
             """,
            new { organizerId, afterStartsAt, afterEventId, limit }, cancellationToken: cancellationToken));
        return await ViewsAsync(connection, records, cancellationToken);
    }

    /// <summary>Published events starting after now, soonest first, keyset-paged on (starts_at, event_id).</summary>
    public async Task<IReadOnlyList<EventView>> ListUpcomingAsync(DateTime? afterStartsAt, string? afterEventId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var records = await connection.QueryAsync<EventRecord>(new CommandDefinition(
            $"""
             SELECT {EventColumns} FROM events
             WHERE status = 'PUBLISHED' AND starts_at > @now
               AND (@afterStartsAt::timestamptz IS NULL OR (starts_at, event_id) > (@afterStartsAt, @afterEventId))
             ORDER BY starts_at, event_id
             LIMIT @limit
             """,
            new { now = clock.GetUtcNow(), afterStartsAt, afterEventId, limit }, cancellationToken: cancellationToken));
        return await ViewsAsync(connection, records, cancellationToken);
    }

    private async Task<IReadOnlyList<EventView>> ViewsAsync(NpgsqlConnection connection, IEnumerable<EventRecord> records, CancellationToken cancellationToken)
    {
        var views = new List<EventView>();
        foreach (var record in records)
        {
            views.Add(await ViewAsync(connection, record, cancellationToken));
        }

        return views;
    }

    private static Task<VenueRecord?> FindVenueAsync(NpgsqlConnection connection, Guid venueId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<VenueRecord>(new CommandDefinition(
            "SELECT venue_id AS VenueId, name AS Name, address AS Address, time_zone AS TimeZone FROM venues WHERE venue_id = @venueId",
            new { venueId }, cancellationToken: cancellationToken));

    private static async Task<EventView> ViewAsync(NpgsqlConnection connection, EventRecord record, CancellationToken cancellationToken)
    {
        var venue = await FindVenueAsync(connection, record.VenueId, cancellationToken);
        // Row labels are letters and digits only (validated), so a comma-joined list reads back safely.
        var sections = await connection.QueryAsync<SectionRow>(new CommandDefinition(
            """
            SELECT section_id AS SectionId, name AS Name, price_vnd AS PriceVnd, array_to_string(rows, ',') AS RowList,
                   seats_per_row AS SeatsPerRow, ga_capacity AS GaCapacity
            FROM sections WHERE event_id = @EventId ORDER BY position
            """,
            new { record.EventId }, cancellationToken: cancellationToken));
        var staff = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT user_id FROM event_gate_staff WHERE event_id = @EventId ORDER BY user_id", new { record.EventId }, cancellationToken: cancellationToken));
        return new EventView(record, venue!, sections.Select(r => new SectionRecord(r.SectionId, r.Name, r.PriceVnd,
            r.RowList.Split(',', StringSplitOptions.RemoveEmptyEntries), r.SeatsPerRow, r.GaCapacity)).ToList(), staff.ToList());
    }
}
