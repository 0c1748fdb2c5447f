using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TicketBottle.LocalInfrastructure;

public static class LoopbackHost
{
    /// <summary>
    /// Starts a service on real Kestrel at a free 127.0.0.1 port and returns its base address, so tests speak
    /// real HTTP/2 gRPC to it exactly as another pod or a Lambda would.
    /// </summary>
    public static async Task<Uri> StartOnLoopbackAsync(this WebApplication app, int port = 0, CancellationToken cancellationToken = default)
    {
        app.Urls.Clear();
        app.Urls.Add($"http://127.0.0.1:{port}");
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }
}
