using TicketBottle.ServiceDefaults;

namespace TicketBottle.User;

public static class UserServiceApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("user");
        builder.AddPostgres(typeof(UserServiceApp).Assembly);
        builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName)
            .Validate(SigningKeyRing.IsValid, "Jwt needs an absolute Issuer URL and SigningKeys (KeyId + P-256 PrivateKeyPem, distinct ids; ActiveKeyId one of them).")
            .ValidateOnStart();
        builder.Services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.SectionName);
        builder.Services.AddOptions<RoleOptions>().BindConfiguration(RoleOptions.SectionName);
        builder.Services.AddOptions<PasswordOptions>().BindConfiguration(PasswordOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<UserRepository>();

        var app = builder.Build();
        app.MapGrpcService<UserGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
