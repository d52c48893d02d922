using OpenQA.Selenium.Chrome;

namespace Signing.Browser.Tests;

/// <summary>Debian's headless Chromium, driven through Debian's chromedriver (same version; nothing is downloaded).</summary>
public static class Chromium
{
    public const string Binary = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the browser tests must run (in CI a missing browser fails them); else why they are skipped.</summary>
    public static string? SkipReason() =>
        InCi || (File.Exists(Binary) && File.Exists(Driver))
            ? null
            : $"{Binary} or {Driver} is missing: install Debian's chromium and chromium-driver (tests/browser/install.sh does; skipped outside CI, required when CI=true).";

    public static ChromeDriver Start()
    {
        if (!File.Exists(Binary) || !File.Exists(Driver))
        {
            throw new InvalidOperationException($"CI=true but {Binary} or {Driver} is missing: tests/browser/install.sh installs Debian's chromium and chromium-driver (tests/run-all.sh runs it).");
        }

        // The driver's path is given, so Selenium Manager (which would download one) is never asked.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Binary };
        options.AddArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1300", "--no-first-run");
        if (Environment.UserName == "root")
        {
            // Chromium refuses to start as root with its sandbox on ("Running as root without
            // --no-sandbox is not supported"): the tests run as root here and in CI. The page it
            // loads is our own, served on loopback.
            options.AddArgument("--no-sandbox");
        }

        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}

/// <summary>A fact that needs the RGW test server and Chromium: skipped with the reason when either is missing, unless CI=true.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.Rgw) ?? Chromium.SkipReason();
    }
}
