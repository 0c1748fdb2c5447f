using TicketBottle.ServiceDefaults;

namespace TicketBottle.Inventory;

public static class InventoryServiceApp
{
    /// <param name="args">Command-line configuration, e.g. --Postgres:ConnectionString=…</param>
    /// <param name="configureServices">Test and local-stack hook to replace registrations (e.g. the clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("inventory");
        builder.AddPostgres(typeof(InventoryServiceApp).Assembly);
        builder.Services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SeatInventory>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        InventoryMetrics.ObserveSeats(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), TimeProvider.System);
        app.MapGrpcService<InventoryGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
