using Dapper;
using Npgsql;

namespace TicketBottle.User;

public sealed class UserRepository(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";
    private const string Columns =
        "user_id AS UserId, email AS Email, full_name AS FullName, password_hash AS PasswordHash, created_at AS CreatedAt, array_to_string(roles, ',') AS RoleList";

    /// <summary>Returns false when the e-mail is already registered.</summary>
    public async Task<bool> TryInsertAsync(UserRecord user, string emailNormalized, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO users (user_id, email, email_normalized, full_name, password_hash, created_at)
                VALUES (@UserId, @Email, @EmailNormalized, @FullName, @PasswordHash, @CreatedAt)
                """,
                new { user.UserId, user.Email, EmailNormalized = emailNormalized, user.FullName, user.PasswordHash, user.CreatedAt },
                cancellationToken: cancellationToken));
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return false;
        }
    }

    public async Task<UserRecord?> FindByEmailAsync(string emailNormalized, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE email_normalized = @emailNormalized",
            new { emailNormalized }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<UserRecord>> FindByEmailsAsync(string[] emailsNormalized, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE email_normalized = ANY(@emailsNormalized)", new { emailsNormalized }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<UserRecord?> FindByIdAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE user_id = @userId",
            new { userId }, cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the account's granted roles; null for an unknown e-mail.</summary>
    public async Task<UserRecord?> SetRolesAsync(string emailNormalized, string[] roles, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"UPDATE users SET roles = @roles WHERE email_normalized = @emailNormalized RETURNING {Columns}",
            new { emailNormalized, roles }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Counts an attempt for (e-mail, address) before the password is checked, in one statement, so parallel guesses
    /// cannot all slip in before the first failure is written. Null when the pair must wait: the time it may try again.
    /// </summary>
    public async Task<DateTimeOffset?> TryBeginLoginAttemptAsync(string emailNormalized, string clientIp, DateTimeOffset now,
        LoginThrottleOptions throttle, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var allowed = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            """
            INSERT INTO login_throttle AS t (email_normalized, client_ip, attempts, blocked_until, updated_at)
            VALUES (@emailNormalized, @clientIp, 1, @now, @now)
            ON CONFLICT (email_normalized, client_ip) DO UPDATE
            SET attempts = CASE WHEN t.updated_at < @forgetBefore THEN 1 ELSE t.attempts + 1 END,
                blocked_until = @now + make_interval(secs => CASE
                    WHEN t.updated_at < @forgetBefore OR t.attempts + 1 < @free THEN 0
                    ELSE LEAST(@maxSeconds, @firstSeconds * power(2, t.attempts + 1 - @free)) END),
                updated_at = @now
            WHERE t.blocked_until <= @now
            RETURNING attempts
            """,
            new
            {
                emailNormalized, clientIp, now, forgetBefore = now - throttle.Window, free = throttle.FreeAttempts,
                firstSeconds = throttle.FirstDelay.TotalSeconds, maxSeconds = throttle.MaxDelay.TotalSeconds,
            }, cancellationToken: cancellationToken));
        if (allowed is not null)
        {
            return null;
        }

        // Npgsql reads timestamptz as a UTC DateTime.
        return new DateTimeOffset(await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "SELECT blocked_until FROM login_throttle WHERE email_normalized = @emailNormalized AND client_ip = @clientIp",
            new { emailNormalized, clientIp }, cancellationToken: cancellationToken)), TimeSpan.Zero);
    }

    /// <summary>A successful login forgets the pair's attempts; rows idle past the window are pruned on the way.</summary>
    public async Task ForgetLoginAttemptsAsync(string emailNormalized, string clientIp, DateTimeOffset idleBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_throttle WHERE (email_normalized = @emailNormalized AND client_ip = @clientIp) OR updated_at < @idleBefore",
            new { emailNormalized, clientIp, idleBefore }, cancellationToken: cancellationToken));
    }
}
