using Microsoft.Playwright;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download is possible here, so the installed executable), one
/// browser for the collection and a fresh context per page: a phone-sized window in the language the test names.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Kept after the run (TestResults/ is ignored by git): what each journey looked like.</summary>
    public static readonly string ScreenshotDirectory = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // Root in CI has no user namespace for the sandbox; the rest keeps Chromium off the closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseUrl, string locale)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(), Locale = locale, ViewportSize = new ViewportSize { Width = 412, Height = 915 }, AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
