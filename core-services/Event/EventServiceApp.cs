using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Event;

public static class EventServiceApp
{
    /// <param name="args">Command-line configuration, e.g. --Postgres:ConnectionString=… --Services:InventoryUrl=…</param>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("event");
        builder.AddPostgres(typeof(EventServiceApp).Assembly);
        builder.Services.AddOptions<EventOptions>().BindConfiguration(EventOptions.SectionName);
        builder.AddServiceClient<InventoryService.InventoryServiceClient>(o => o.InventoryUrl);
        builder.AddServiceClient<WaitroomService.WaitroomServiceClient>(o => o.WaitroomUrl);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EventRepository>();

        var app = builder.Build();
        app.MapGrpcService<EventGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
