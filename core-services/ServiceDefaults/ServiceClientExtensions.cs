using System.Linq.Expressions;
using System.Reflection;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TicketBottle.ServiceIdentity;

namespace TicketBottle.ServiceDefaults;

public static class ServiceClientExtensions
{
    /// <summary>
    /// A gRPC client of another core service at the address <paramref name="address"/> names in
    /// <see cref="ServiceAddresses"/> (required at start-up), with the default deadline on every unary call and
    /// transparent retries (3 attempts, backoff) while the service is UNAVAILABLE (no connection, pod draining), and
    /// this workload's service identity (ServiceIdentity:Name and :PrivateKeyPem) on every call.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient>(this WebApplicationBuilder builder,
        Expression<Func<ServiceAddresses, string>> address) where TClient : class
    {
        var setting = ((PropertyInfo)((MemberExpression)address.Body).Member).Name;
        var read = address.Compile();
        builder.Services.AddOptions<ServiceAddresses>().BindConfiguration(ServiceAddresses.SectionName)
            .Validate(o => Uri.IsWellFormedUriString(read(o), UriKind.Absolute), $"{ServiceAddresses.SectionName}:{setting} is required.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<DeadlineInterceptor>();
        builder.Services.AddServiceIdentityOptions();
        builder.Services.TryAddSingleton(sp =>
        {
            var identity = sp.GetRequiredService<IOptions<ServiceIdentityOptions>>().Value;
            // Wall-clock, like the deadlines: the callee checks expiry against its own clock, not a test's business clock.
            return new ServiceIdentityInterceptor(new ServiceTokenIssuer(identity.Name, identity.PrivateKeyPem, identity.TokenLifetime,
                TimeProvider.System));
        });
        return builder.Services
            .AddGrpcClient<TClient>((sp, o) => o.Address = new Uri(read(sp.GetRequiredService<IOptions<ServiceAddresses>>().Value)))
            .AddInterceptor<DeadlineInterceptor>(InterceptorScope.Client)
            .AddInterceptor<ServiceIdentityInterceptor>(InterceptorScope.Client)
            .ConfigureChannel(channel => channel.ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 3,
                            InitialBackoff = TimeSpan.FromMilliseconds(100),
                            MaxBackoff = TimeSpan.FromSeconds(1),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            });
    }
}
