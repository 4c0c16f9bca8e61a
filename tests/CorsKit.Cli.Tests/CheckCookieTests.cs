using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 14, the cookie layer in <c>check</c>: a real Kestrel on 127.0.0.1 reached as <c>api.localhost</c> (the CLI
/// maps <c>*.localhost</c> to loopback itself, as the browsers do), the page on <c>app.localhost</c>, another site.
/// The expected decisions are those the real engines made (ObservedCookieTests in CorsKit.Tests).
/// </summary>
public sealed class CheckCookieTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("corskit-cookies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Jar(string text)
    {
        var path = Path.Combine(_dir, $"jar{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<LoopbackServer> Api() => LoopbackServer.StartAsync(context =>
    {
        context.Response.Headers.Append("Access-Control-Allow-Origin", context.Request.Headers.Origin.ToString());
        context.Response.Headers.Append("Access-Control-Allow-Credentials", "true");
        if (context.Request.Path == "/start")
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Append("Location", "/me");
            context.Response.Headers.Append("Set-Cookie", "part=1; SameSite=None; Secure; Partitioned");
            context.Response.Headers.Append("Set-Cookie", "plain=1; SameSite=None; Secure");
        }

        return Task.CompletedTask;
    });

    private static string Url(LoopbackServer api, string path) => api.Origin.Replace("127.0.0.1", "api.localhost", StringComparison.Ordinal) + path;

    private const string Page = "http://app.localhost:3000";

    private static JsonElement Decision(JsonElement json, string name, int request = 0) =>
        json.GetProperty("cookies").GetProperty("requests")[request].GetProperty("cookies").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task A_SameSite_Lax_session_cookie_is_left_out_of_a_credentialed_cross_site_fetch_and_the_reason_said()
    {
        await using var api = await Api();
        var jar = Jar("Set-Cookie: session=abc; Path=/; HttpOnly; SameSite=Lax\n");

        var text = await RunAsync("check", Url(api, "/me"), "--origin", Page, "--credentials", "include", "--cookie-jar", jar);
        var json = await RunAsync("check", Url(api, "/me"), "--origin", Page, "--credentials", "include", "--cookie-jar", jar, "--format", "json");

        Assert.Equal(0, text.ExitCode);
        Assert.All(api.Seen, r => Assert.Null(r.Header("Cookie")));
        Assert.Contains("no Cookie header", text.Out, StringComparison.Ordinal);
        Assert.Contains("left out session (host-only api.localhost, Path=/, SameSite=Lax): it is SameSite=Lax, which cross-site only goes with top-level navigations, never with fetch(); SameSite=None; Secure lifts that rule, and the browser's third-party cookie policy then decides.", text.Out, StringComparison.Ordinal);
        Assert.Contains("Note: the server sees no cookie at all: of the 1 cookie the browser holds, none goes with this request", text.Out, StringComparison.Ordinal);
        Assert.Equal("SameSiteLaxNotTopLevelNavigation", Decision(json.Json, "session").GetProperty("reason").GetString());
        Assert.False(Decision(json.Json, "session").GetProperty("attached").GetBoolean());
    }

    [Fact]
    public async Task SameSite_None_Secure_is_sent_or_blocked_per_engine_and_flag()
    {
        await using var api = await Api();
        var jar = Jar("Set-Cookie: cross=1; SameSite=None; Secure\n");
        string[] Args(params string[] more) => ["check", Url(api, "/me"), "--origin", Page, "--credentials", "include", "--cookie-jar", jar, "--format", "json", .. more];

        var chromium = await RunAsync(Args());
        var chrome = await RunAsync(Args("--third-party-cookies", "allow"));
        var firefox = await RunAsync(Args("--browser", "firefox"));
        var safari = await RunAsync(Args("--browser", "safari"));

        Assert.Equal("ThirdPartyBlocked", Decision(chromium.Json, "cross").GetProperty("reason").GetString());
        Assert.Equal("cross=1", chrome.Json.GetProperty("cookies").GetProperty("requests")[0].GetProperty("cookieHeader").GetString());
        Assert.Equal("ThirdPartyPartitioned", Decision(firefox.Json, "cross").GetProperty("reason").GetString());
        // WebKit never stores a Secure cookie from plain http, loopback or not.
        var refused = safari.Json.GetProperty("cookies").GetProperty("jar")[0];
        Assert.Equal(("refused", "SecureOverInsecureScheme"), (refused.GetProperty("outcome").GetString(), refused.GetProperty("reason").GetString()));
        // What the server saw: only the Chrome-policy run carried the cookie.
        Assert.Equal([null, "cross=1", null, null], api.Seen.Select(r => r.Header("Cookie")));
    }

    [Fact]
    public async Task A_partitioned_cookie_set_cross_site_goes_back_under_the_same_page_and_one_set_first_party_does_not()
    {
        await using var api = await Api();
        var jar = Jar("Set-Cookie: mine=1; SameSite=None; Secure; Partitioned\n");

        var run = await RunAsync("check", Url(api, "/start"), "--origin", Page, "--credentials", "include", "--cookie-jar", jar, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        // Debian's Chromium: the redirect's partitioned cookie is stored under the page's site, the unpartitioned one refused.
        Assert.Equal([null, "part=1"], api.Seen.Select(r => r.Header("Cookie")));
        var setCookies = run.Json.GetProperty("cookies").GetProperty("setCookies").EnumerateArray().Select(o => (o.GetProperty("outcome").GetString(), o.TryGetProperty("reason", out var r) ? r.GetString() : null)).ToList();
        Assert.Equal([("stored", null), ("refused", "ThirdPartyBlocked")], setCookies);
        Assert.Equal("PartitionedForOtherTopLevelSite", Decision(run.Json, "mine", request: 1).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Path_domain_and_expiry_left_out_with_reasons_from_a_curl_jar()
    {
        await using var api = await Api();
        var jar = Jar("# Netscape HTTP Cookie File\n"
            + "#HttpOnly_api.localhost\tFALSE\t/\tFALSE\t0\tsid\tok\n"
            + "api.localhost\tFALSE\t/admin\tFALSE\t0\tadmin\t1\n"
            + "other.localhost\tFALSE\t/\tFALSE\t0\telsewhere\t1\n"
            + "api.localhost\tFALSE\t/\tFALSE\t1\told\t1\n");

        // Firefox's rules with third-party cookies allowed: a SameSite-less cookie goes cross-site.
        var run = await RunAsync("check", Url(api, "/me"), "--origin", Page, "--credentials", "include", "--cookie-jar", jar,
            "--browser", "firefox", "--third-party-cookies", "allow", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("sid=ok", Assert.Single(api.Seen).Header("Cookie"));
        Assert.Equal("PathMismatch", Decision(run.Json, "admin").GetProperty("reason").GetString());
        Assert.Equal("DomainMismatch", Decision(run.Json, "elsewhere").GetProperty("reason").GetString());
        Assert.Equal("Expired", Decision(run.Json, "old").GetProperty("reason").GetString());
        Assert.Equal("allow", run.Json.GetProperty("cookies").GetProperty("thirdPartyCookies").GetString());
    }

    [Fact]
    public async Task The_cookie_flag_goes_after_the_jar_cookies_in_one_header()
    {
        await using var api = await Api();
        var jar = Jar("api.localhost\tFALSE\t/\tFALSE\t0\tsid\tok\n");
        var run = await RunAsync("check", Url(api, "/me"), "--origin", Page, "--credentials", "include", "--cookie-jar", jar,
            "--browser", "safari", "--third-party-cookies", "allow", "--cookie", "extra=1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("sid=ok; extra=1", Assert.Single(api.Seen).Header("Cookie"));
    }

    [Theory]
    [InlineData("a.example\tTRUE\t/\n", "corskit: the cookie jar '{0}': line 1 is neither a Netscape cookie-jar line nor a Set-Cookie line: it has 3 TAB-separated fields, not 7 (domain, subdomains, path, secure, expiry, name, value).")]
    [InlineData("# ok\nSet-Cookie: a=\u0001\n", "corskit: the cookie jar '{0}': line 2 is a Set-Cookie line a browser ignores: the line holds a control character; browsers ignore it.")]
    public async Task A_malformed_jar_is_exit_2_with_one_sentence_naming_the_line(string text, string expected)
    {
        var jar = Jar(text);
        var run = await RunAsync("check", "http://api.localhost:1/me", "--origin", Page, "--cookie-jar", jar);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, jar), run.Err.Trim());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_missing_or_huge_jar_and_an_unknown_policy_are_exit_2()
    {
        var missing = await RunAsync("check", "http://api.localhost:1/me", "--origin", Page, "--cookie-jar", Path.Combine(_dir, "none.txt"));
        var huge = Jar(new string('#', 2 * 1024 * 1024));
        var big = await RunAsync("check", "http://api.localhost:1/me", "--origin", Page, "--cookie-jar", huge);
        var policy = await RunAsync("check", "http://api.localhost:1/me", "--origin", Page, "--third-party-cookies", "sometimes");

        Assert.Equal((2, 2, 2), (missing.ExitCode, big.ExitCode, policy.ExitCode));
        Assert.StartsWith($"corskit: cannot read the cookie jar '{Path.Combine(_dir, "none.txt")}': ", missing.Err, StringComparison.Ordinal);
        Assert.Contains("larger than", big.Err, StringComparison.Ordinal);
        Assert.Equal("corskit: 'sometimes' is not a --third-party-cookies policy (use allow, block, partition or block-new).", policy.Err.Trim());
        Assert.DoesNotContain("   at ", missing.Err + big.Err + policy.Err, StringComparison.Ordinal);
    }
}
