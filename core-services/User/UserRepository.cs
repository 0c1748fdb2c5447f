using Dapper;
using Npgsql;

namespace TicketBottle.User;

public sealed class UserRepository(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";

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
            "SELECT user_id AS UserId, email AS Email, full_name AS FullName, password_hash AS PasswordHash, created_at AS CreatedAt FROM users WHERE email_normalized = @emailNormalized",
            new { emailNormalized }, cancellationToken: cancellationToken));
    }

    public async Task<UserRecord?> FindByIdAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            "SELECT user_id AS UserId, email AS Email, full_name AS FullName, password_hash AS PasswordHash, created_at AS CreatedAt FROM users WHERE user_id = @userId",
            new { userId }, cancellationToken: cancellationToken));
    }

    public async Task<int> CountRecentFailuresAsync(string emailNormalized, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM login_failures WHERE email_normalized = @emailNormalized AND failed_at > @since",
            new { emailNormalized, since }, cancellationToken: cancellationToken));
    }

    public async Task RecordFailureAsync(string emailNormalized, string clientIp, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO login_failures (email_normalized, client_ip, failed_at) VALUES (@emailNormalized, @clientIp, @at)",
            new { emailNormalized, clientIp, at }, cancellationToken: cancellationToken));
    }

    /// <summary>A successful login clears the count, and old rows are pruned so the table stays small.</summary>
    public async Task ClearFailuresAsync(string emailNormalized, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_failures WHERE email_normalized = @emailNormalized OR failed_at < @olderThan",
            new { emailNormalized, olderThan }, cancellationToken: cancellationToken));
    }
}
