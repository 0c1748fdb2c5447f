using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Waitroom;

public static class WaitroomServiceApp
{
    /// <param name="args">Command-line configuration, e.g. --Waitroom:Redis=127.0.0.1:6379</param>
    /// <param name="configureServices">Test and local-stack hook to replace registrations.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("waitroom");
        builder.Services.AddOptions<WaitroomOptions>().BindConfiguration(WaitroomOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Redis), "Waitroom:Redis is required.")
            .Validate(o => System.Text.Encoding.UTF8.GetByteCount(o.AdmissionTokenKey) >= 32, "Waitroom:AdmissionTokenKey must be at least 32 bytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(sp.GetRequiredService<IOptions<WaitroomOptions>>().Value.Redis));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WaitroomStore>();
        builder.Services.AddSingleton<AdmissionTokens>();
        builder.Services.AddSingleton<QueueFeeds>();
        if (builder.Configuration.GetValue("Waitroom:AdmissionLoopEnabled", true))
        {
            builder.Services.AddHostedService<AdmissionLoop>();
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGrpcService<WaitroomGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
