using Microsoft.AspNetCore.Builder;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// A service started on loopback with a gRPC channel to it; disposing stops both. <see cref="Calls"/> carries the
/// service identity the caller policy asks of each method.
/// </summary>
public sealed class LoopbackService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackService(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = Grpc.Net.Client.GrpcChannel.ForAddress(address);
        Calls = Channel.AsPermittedCaller();
    }

    public Uri Address { get; }
    public Grpc.Net.Client.GrpcChannel Channel { get; }
    public Grpc.Core.CallInvoker Calls { get; }

    public static async Task<LoopbackService> StartAsync(WebApplication app) => new(app, await app.StartOnLoopbackAsync());

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
