namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// A fresh Firefox profile for tests: user.js switches off first-run pages, telemetry, updates and network probes, so
/// the browser talks to nothing but the loopback servers of the test. Also compiled into CorsKit.AspNetCore.Tests
/// (linked), so both projects start Firefox the same way.
/// </summary>
public static class FirefoxProfile
{
    /// <summary>The prefs written to user.js.</summary>
    public const string UserJs = """
        user_pref("browser.shell.checkDefaultBrowser", false);
        user_pref("browser.startup.homepage_override.mstone", "ignore");
        user_pref("browser.aboutwelcome.enabled", false);
        user_pref("browser.sessionstore.resume_from_crash", false);
        user_pref("toolkit.startup.max_resumed_crashes", -1);
        user_pref("datareporting.policy.dataSubmissionEnabled", false);
        user_pref("datareporting.healthreport.uploadEnabled", false);
        user_pref("toolkit.telemetry.enabled", false);
        user_pref("toolkit.telemetry.unified", false);
        user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
        user_pref("app.update.enabled", false);
        user_pref("app.update.auto", false);
        user_pref("app.normandy.enabled", false);
        user_pref("extensions.update.enabled", false);
        user_pref("extensions.getAddons.cache.enabled", false);
        user_pref("browser.safebrowsing.malware.enabled", false);
        user_pref("browser.safebrowsing.phishing.enabled", false);
        user_pref("browser.safebrowsing.downloads.enabled", false);
        user_pref("browser.newtabpage.enabled", false);
        user_pref("browser.region.network.url", "");
        user_pref("browser.search.geoip.url", "");
        user_pref("geo.provider.network.url", "");
        user_pref("network.captive-portal-service.enabled", false);
        user_pref("network.connectivity-service.enabled", false);
        user_pref("network.dns.disablePrefetch", true);
        user_pref("network.http.speculative-parallel-limit", 0);
        user_pref("network.prefetch-next", false);
        user_pref("network.proxy.type", 0);
        user_pref("network.trr.mode", 5);
        user_pref("dom.security.https_only_mode", false);
        """;

    /// <summary>Creates a temporary profile directory with <see cref="UserJs"/>; the caller deletes it.</summary>
    public static string Create()
    {
        string profile = Directory.CreateTempSubdirectory("corskit-ff-").FullName;
        File.WriteAllText(Path.Combine(profile, "user.js"), UserJs);
        return profile;
    }
}
