using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TicketBottle.ProviderSandbox;

/// <summary>
/// The pages a checkout URL opens: the order, a Pay and a Cancel button. Paying takes the money, sends the provider's
/// signed webhook and redirects to the merchant's return URL with the query parameters the provider adds.
/// </summary>
internal static class CheckoutPages
{
    private static long _nextTransaction = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1_000_000_000 * 1000;

    public static void Map(WebApplication app, PaymentProviderSandbox sandbox)
    {
        app.MapGet("/payos/web/{id}", (string id) => Page(sandbox, PayOsApi.Name, id));
        app.MapGet("/zalopay/pay/{id}", (string id) => Page(sandbox, ZaloPayApi.Name, id));
        app.MapPost("/payos/web/{id}/pay", (HttpContext context, string id) => PayAsync(context, sandbox, PayOsApi.Name, id));
        app.MapPost("/zalopay/pay/{id}/pay", (HttpContext context, string id) => PayAsync(context, sandbox, ZaloPayApi.Name, id));
        app.MapPost("/payos/web/{id}/cancel", (string id) => Cancel(sandbox, PayOsApi.Name, id));
        app.MapPost("/zalopay/pay/{id}/cancel", (string id) => Cancel(sandbox, ZaloPayApi.Name, id));
    }

    private static IResult Page(PaymentProviderSandbox sandbox, string provider, string id)
    {
        if (sandbox.Find(provider, id) is not { } checkout)
        {
            return Results.NotFound();
        }

        var status = checkout.StatusAt(sandbox.Clock.GetUtcNow());
        var title = provider == PayOsApi.Name ? "PayOS" : "ZaloPay";
        var html = $"""
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} sandbox</title></head>
            <body style="font-family: sans-serif; max-width: 28rem; margin: 2rem auto">
              <h1>{title} sandbox checkout</h1>
              <p>Order <b>{WebUtility.HtmlEncode(checkout.OrderRef)}</b>: {checkout.AmountVnd.ToString("N0", CultureInfo.InvariantCulture)} VND</p>
              <p>{WebUtility.HtmlEncode(checkout.Description)}</p>
              <p>Status: <b id="status">{status}</b>, closes {checkout.ExpiresAt:u}</p>
              <form method="post" action="{id}/pay"><button id="pay" type="submit">Pay</button></form>
              <form method="post" action="{id}/cancel"><button id="cancel" type="submit">Cancel</button></form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> PayAsync(HttpContext context, PaymentProviderSandbox sandbox, string provider, string id)
    {
        if (sandbox.Find(provider, id) is not { } checkout)
        {
            return Results.NotFound();
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var times = int.TryParse(form?["times"], out var t) ? Math.Clamp(t, 1, 5) : 1;
        var amount = long.TryParse(form?["amount"], out var a) ? a : checkout.AmountVnd;
        var afterClose = form?["afterClose"].ToString() == "true";
        var now = sandbox.Clock.GetUtcNow();
        var payments = new List<SandboxPayment>();
        lock (checkout)
        {
            var status = checkout.StatusAt(now);
            if (status != "PENDING" && !afterClose && !(status == "PAID" && times > 1))
            {
                return Results.Content($"<!doctype html><p>This checkout is {status}; it takes no payment.</p>", "text/html; charset=utf-8",
                    statusCode: StatusCodes.Status410Gone);
            }

            for (var i = 0; i < times; i++)
            {
                var transactionId = provider == PayOsApi.Name
                    ? $"FT{Interlocked.Increment(ref _nextTransaction)}"
                    : Interlocked.Increment(ref _nextTransaction).ToString(CultureInfo.InvariantCulture);
                var payment = new SandboxPayment(transactionId, amount, now);
                checkout.Payments.Add(payment);
                payments.Add(payment);
            }

            if (checkout.Status == "PENDING" && checkout.AmountPaid >= checkout.AmountVnd)
            {
                checkout.Status = "PAID";
            }
        }

        foreach (var payment in payments)
        {
            var webhook = provider == PayOsApi.Name
                ? PaymentProviderSandbox.Json(PayOsApi.Webhook(sandbox, checkout, payment))
                : PaymentProviderSandbox.Json(ZaloPayApi.Callback(sandbox, checkout, payment));
            await sandbox.DeliverAsync(provider == PayOsApi.Name ? sandbox.PayOsWebhookUrl : checkout.CallbackUrl, webhook);
        }

        var query = provider == PayOsApi.Name
            ? $"code=00&id={checkout.CheckoutId}&cancel=false&status=PAID&orderCode={checkout.OrderRef}"
            : $"status=1&apptransid={checkout.OrderRef}&amount={amount}";
        return Results.Redirect($"{checkout.ReturnUrl}{(checkout.ReturnUrl.Query.Length > 0 ? "&" : "?")}{query}");
    }

    private static IResult Cancel(PaymentProviderSandbox sandbox, string provider, string id)
    {
        if (sandbox.Find(provider, id) is not { } checkout)
        {
            return Results.NotFound();
        }

        lock (checkout)
        {
            if (checkout.StatusAt(sandbox.Clock.GetUtcNow()) == "PENDING")
            {
                checkout.Status = "CANCELLED";
                checkout.CancellationReason = "customer cancelled at checkout";
                checkout.CancelledAt = sandbox.Clock.GetUtcNow();
            }
        }

        var back = checkout.CancelUrl ?? checkout.ReturnUrl;
        return Results.Redirect($"{back}{(back.Query.Length > 0 ? "&" : "?")}code=00&id={checkout.CheckoutId}&cancel=true&status=CANCELLED&orderCode={checkout.OrderRef}");
    }
}
