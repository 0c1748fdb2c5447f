using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBottle.ServiceIdentity;

// dotnet run -c Release --project bench/ServiceIdentity -- [rounds] [calls per round]
// What a service identity costs per call, side by side in each round: the caller's cached token, the callee's check of
// a token it has seen (the common case: a caller reuses its token for 4 minutes), the first check of a token (one
// ES256 signature verification) and making a new one (once per 4 minutes per target). Each round is printed, so the
// machine's drift shows as a range.
var rounds = args.Length > 0 ? int.Parse(args[0]) : 5;
var calls = args.Length > 1 ? int.Parse(args[1]) : 20_000;
using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var pem = key.ExportPkcs8PrivateKeyPem();
const string audience = "ticketbottle.inventory.v1.InventoryService";
var trusted = new Dictionary<string, string> { [Callers.Order] = key.ExportSubjectPublicKeyInfoPem() };
var issuer = new ServiceTokenIssuer(Callers.Order, pem);
var seen = new CallerVerifier(trusted, NullLogger.Instance);

for (var round = 1; round <= rounds; round++)
{
    var cachedToken = Time(calls, _ => issuer.TokenFor(audience));
    var token = issuer.TokenFor(audience);
    var seenCheck = await TimeAsync(calls, async _ => Expect(await seen.VerifyAsync(token, audience)));
    // A fresh verifier per check: nothing remembered, so each one verifies the signature.
    var firstCheck = await TimeAsync(calls / 20, async _ => Expect(await new CallerVerifier(trusted, NullLogger.Instance).VerifyAsync(token, audience)));
    var newToken = Time(calls / 20, _ => new ServiceTokenIssuer(Callers.Order, pem).TokenFor(audience));
    Console.WriteLine($"round {round}: caller's cached token {cachedToken:F2} µs, check of a seen token {seenCheck:F2} µs, " +
                      $"first check (key import + ES256 verify) {firstCheck:F0} µs, new token (key import + sign) {newToken:F0} µs");
}

static void Expect(string? caller)
{
    if (caller != Callers.Order)
    {
        throw new InvalidOperationException("the token did not verify");
    }
}

static double Time(int count, Action<int> call)
{
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        call(i);
    }

    return watch.Elapsed.TotalMicroseconds / count;
}

static async Task<double> TimeAsync(int count, Func<int, Task> call)
{
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await call(i);
    }

    return watch.Elapsed.TotalMicroseconds / count;
}
