using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Event;

public static class EventServiceApp
{
    /// <param name="args">Command-line configuration, e.g. --Postgres:ConnectionString=… --Downstream:InventoryUrl=…</param>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("event");
        builder.AddPostgres(typeof(EventServiceApp).Assembly);
        builder.Services.AddOptions<DownstreamOptions>().BindConfiguration(DownstreamOptions.SectionName)
            .Validate(o => Uri.IsWellFormedUriString(o.InventoryUrl, UriKind.Absolute), "Downstream:InventoryUrl is required.")
            .Validate(o => Uri.IsWellFormedUriString(o.WaitroomUrl, UriKind.Absolute), "Downstream:WaitroomUrl is required.")
            .ValidateOnStart();
        builder.Services.AddGrpcClient<InventoryService.InventoryServiceClient>((sp, o) =>
            o.Address = new Uri(sp.GetRequiredService<IOptions<DownstreamOptions>>().Value.InventoryUrl));
        builder.Services.AddGrpcClient<WaitroomService.WaitroomServiceClient>((sp, o) =>
            o.Address = new Uri(sp.GetRequiredService<IOptions<DownstreamOptions>>().Value.WaitroomUrl));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EventRepository>();

        var app = builder.Build();
        app.MapGrpcService<EventGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
