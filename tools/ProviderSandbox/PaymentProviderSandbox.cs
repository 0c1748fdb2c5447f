using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.ProviderSandbox;

/// <summary>
/// PayOS and ZaloPay on loopback. Merchant API: PayOS POST/GET /v2/payment-requests[/{id}[/cancel]], ZaloPay POST
/// /v2/create, /v2/query, /v2/refund, /v2/query_refund — each checking our credentials and signatures as the real
/// one does. Checkout pages at the URLs they hand out, where paying sends the signed webhook as the provider would.
/// </summary>
public sealed class PaymentProviderSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SandboxCheckout> _checkouts = new();
    private readonly ConcurrentDictionary<string, SandboxRefund> _refunds = new();
    private readonly HttpClient _webhooks = new() { Timeout = TimeSpan.FromSeconds(10) };
    private int _ordersCreated;

    private PaymentProviderSandbox(WebApplication app, SandboxCredentials credentials, TimeProvider clock)
    {
        _app = app;
        Credentials = credentials;
        Clock = clock;
    }

    public Uri BaseUrl { get; private set; } = null!;
    public SandboxCredentials Credentials { get; }
    public TimeProvider Clock { get; }

    /// <summary>Where PayOS webhooks go (registered in PayOS's dashboard in reality); null: nowhere.</summary>
    public Uri? PayOsWebhookUrl { get; set; }

    /// <summary>The provider is down: every merchant API call answers 503.</summary>
    public bool Outage { get; set; }

    /// <summary>Payments are taken but their webhooks never arrive.</summary>
    public bool LoseCallbacks { get; set; }

    /// <summary>Provider orders created (not counting refused requests).</summary>
    public int OrdersCreated => Volatile.Read(ref _ordersCreated);

    public IReadOnlyCollection<SandboxRefund> Refunds => _refunds.Values.ToList();

    public static async Task<PaymentProviderSandbox> StartAsync(SandboxCredentials credentials, TimeProvider? clock = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sandbox = new PaymentProviderSandbox(app, credentials, clock ?? TimeProvider.System);
        app.Use(async (context, next) =>
        {
            if (sandbox.Outage && context.Request.Path.StartsWithSegments("/v2"))
            {
                context.Response.StatusCode = 503;
                return;
            }

            await next();
        });
        PayOsApi.Map(app, sandbox);
        ZaloPayApi.Map(app, sandbox);
        CheckoutPages.Map(app, sandbox);
        sandbox.BaseUrl = await app.StartOnLoopbackAsync(port);
        return sandbox;
    }

    /// <summary>
    /// Pays a checkout the way a browser does: opens the page, then posts its pay form; answers the redirect back to
    /// the merchant (303) or the page's refusal (410 when the checkout takes no more money).
    /// </summary>
    public static async Task<HttpResponseMessage> PayAsync(string checkoutUrl, PaymentChoice? choice = null)
    {
        choice ??= new PaymentChoice();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        (await browser.GetAsync(checkoutUrl)).EnsureSuccessStatusCode();
        var form = new Dictionary<string, string>
        {
            ["times"] = choice.Times.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["afterClose"] = choice.AfterClose ? "true" : "false",
        };
        if (choice.AmountVnd is { } amount)
        {
            form["amount"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await browser.PostAsync($"{checkoutUrl}/pay", new FormUrlEncodedContent(form));
    }

    /// <summary>The customer presses Cancel on the checkout page.</summary>
    public static async Task<HttpResponseMessage> CancelAsync(string checkoutUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        return await browser.PostAsync($"{checkoutUrl}/cancel", null);
    }

    /// <summary>The provider order behind a checkout URL this sandbox handed out.</summary>
    public SandboxCheckout CheckoutAt(string checkoutUrl)
    {
        var id = new Uri(checkoutUrl).Segments[^1];
        return Find(PayOsApi.Name, id) ?? Find(ZaloPayApi.Name, id) ?? throw new KeyNotFoundException($"No checkout at {checkoutUrl}.");
    }

    internal SandboxCheckout? Find(string provider, string key) => _checkouts.GetValueOrDefault($"{provider}:{key}");

    internal bool TryAdd(SandboxCheckout checkout)
    {
        if (!_checkouts.TryAdd($"{checkout.Provider}:{checkout.OrderRef}", checkout))
        {
            return false;
        }

        _checkouts[$"{checkout.Provider}:{checkout.CheckoutId}"] = checkout;
        Interlocked.Increment(ref _ordersCreated);
        return true;
    }

    internal SandboxPayment? FindPayment(string provider, string transactionId) =>
        _checkouts.Values.Where(c => c.Provider == provider).Distinct()
            .SelectMany(c => { lock (c) { return c.Payments.ToList(); } })
            .FirstOrDefault(p => p.TransactionId == transactionId);

    internal SandboxRefund GetOrAddRefund(SandboxRefund refund) => _refunds.GetOrAdd(refund.RefundRef, refund);

    internal SandboxRefund? FindRefund(string refundRef) => _refunds.GetValueOrDefault(refundRef);

    /// <summary>Delivers a webhook as the providers do: retried on failure a few times, then given up.</summary>
    internal async Task DeliverAsync(Uri? url, HttpContent body)
    {
        if (url is null || LoseCallbacks)
        {
            return;
        }

        var content = await body.ReadAsStringAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var answer = await _webhooks.PostAsync(url, new StringContent(content, System.Text.Encoding.UTF8, "application/json"));
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)));
        }
    }

    internal static JsonContent Json(object value) => JsonContent.Create(value);

    public async ValueTask DisposeAsync()
    {
        _webhooks.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
