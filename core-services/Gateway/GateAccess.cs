using System.Security.Claims;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using TicketBottle.Contracts;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Gateway.Api;

namespace TicketBottle.Gateway;

/// <summary>
/// Who may scan an event's tickets: admins, the event's organizer, and the staff the organizer named for it. Each
/// scanner's answer is kept for a short while, so a gate scanning a ticket a second does not ask the Event service each
/// time; a removed staff member loses the gate within that time.
/// </summary>
public sealed class GateAccess(EventService.EventServiceClient catalog, IMemoryCache cache)
{
    public static readonly TimeSpan Remembered = TimeSpan.FromSeconds(30);

    public async Task<bool> MayScanAsync(string eventId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.IsInRole(Roles.Admin))
        {
            return true;
        }

        var subject = CurrentCustomer.From(user).CustomerId;
        return await cache.GetOrCreateAsync($"gate:{eventId}:{subject}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Remembered;
            try
            {
                var found = await catalog.GetEventAsync(new EventRef { EventId = eventId }, cancellationToken: cancellationToken);
                return found.OrganizerId == subject || found.GateStaffIds.Contains(subject);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        });
    }
}
